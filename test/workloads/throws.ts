import type { Workload } from '../../harness/contract.ts';

export default {
  iteration(i) {
    if (i === 30) throw new Error('the upstream closed the connection');
  },
} satisfies Workload;
