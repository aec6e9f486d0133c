import type { Workload } from '../../harness/contract.ts';

export default {
  async iteration(i) {
    // Waits for a reply that never comes, on a connection that stays open (the timer).
    if (i === 5) await new Promise(() => setInterval(() => {}, 1000));
  },
} satisfies Workload;
