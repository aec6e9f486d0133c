// Does nothing at all: whatever outlives an interval here is the harness's own.
import type { Workload } from '../../harness/contract.ts';

export default {
  iteration() {},
} satisfies Workload;
