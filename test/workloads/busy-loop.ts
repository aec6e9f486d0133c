import type { Workload } from '../../harness/contract.ts';

export default {
  iteration(i) {
    if (i === 5) for (;;); // a spin that never yields
  },
} satisfies Workload;
