// Trap (not a leak): each request arms a 30 s timeout and a 60 s keep-alive interval and
// clears both when it completes, in the same iteration.
import type { Workload } from '../../../harness/contract.ts';

let timedOut = 0;
let completed = 0;

function handle(id: number): void {
  const deadline = setTimeout(() => timedOut++, 30_000);
  const keepAlive = setInterval(() => void id, 60_000);
  try {
    completed++;
  } finally {
    clearTimeout(deadline);
    clearInterval(keepAlive);
  }
}

export default {
  iteration(i) {
    handle(i);
  },
  metrics: () => ({ completed, timedOut }),
} satisfies Workload;
