// A per-route hit counter. A `delete` has put `stats` in dictionary mode, and routes are
// counted by their raw path (with the user id in it): a new property per request, forever.
import type { Workload } from '../../../harness/contract.ts';

const stats: Record<string, number> = { warmup: 0, '/health': 0, '/login': 0 };
delete stats.warmup; // the warm-up counter is retired: `stats` is now a dictionary

function countHit(path: string): void {
  stats[path] = (stats[path] ?? 0) + 1;
}

let requests = 0;

export default {
  iteration(i) {
    countHit('/health');
    countHit(`/users/${70_000 + i}/orders`); // a key per user id
    requests++;
  },
  metrics: () => ({ requests }),
} satisfies Workload;
