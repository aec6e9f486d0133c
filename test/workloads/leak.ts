// Keeps ~1 KiB per iteration forever: an unbounded list of request records.
import type { Workload } from '../../harness/contract.ts';

const history: { id: number; samples: number[] }[] = [];

export default {
  iteration(i) {
    history.push({ id: i, samples: new Array(120).fill(i) });
  },
  metrics: () => ({ kept: history.length }),
} satisfies Workload;
