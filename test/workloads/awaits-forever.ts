import type { Workload } from '../../harness/contract.ts';

export default {
  async iteration(i) {
    if (i === 5) await new Promise(() => {}); // nothing is left that could settle it
  },
} satisfies Workload;
