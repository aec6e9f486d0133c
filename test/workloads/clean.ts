// Real work with plenty of garbage, nothing kept.
import type { Workload } from '../../harness/contract.ts';

let checksum = 0;

export default {
  iteration(i) {
    const rows = Array.from({ length: 50 }, (_, k) => ({ k, name: `row-${i}-${k}` }));
    checksum = (checksum + JSON.stringify(rows).length) | 0;
  },
  metrics: () => ({ checksum }),
} satisfies Workload;
