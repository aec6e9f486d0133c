// Keeps 1 MiB of JS objects per iteration: dies quickly under a small heap limit.
import type { Workload } from '../../harness/contract.ts';

const kept: number[][] = [];

export default {
  iteration() {
    kept.push(Array.from({ length: 128 * 1024 }, (_, k) => k + 0.5));
  },
} satisfies Workload;
