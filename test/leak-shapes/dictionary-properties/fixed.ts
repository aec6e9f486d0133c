// A per-route hit counter. A `delete` has put `stats` in dictionary mode, and routes are
// counted by their route pattern, not the raw path: a handful of properties in all.
import type { Workload } from '../../../harness/contract.ts';

const stats: Record<string, number> = { warmup: 0, '/health': 0, '/login': 0 };
delete stats.warmup; // the warm-up counter is retired: `stats` is now a dictionary

function routeOf(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, '/:id');
}

function countHit(path: string): void {
  const route = routeOf(path);
  stats[route] = (stats[route] ?? 0) + 1;
}

let requests = 0;

export default {
  iteration(i) {
    countHit('/health');
    countHit(`/users/${70_000 + i}/orders`);
    requests++;
  },
  metrics: () => ({ requests }),
} satisfies Workload;
