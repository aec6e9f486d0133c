// Trap (not a leak): an image resizer allocates a 1 MiB scratch buffer per request, uses it
// and drops it. Large, short-lived, off-heap: nothing is kept.
import type { Workload } from '../../../harness/contract.ts';

const SCRATCH_BYTES = 1024 * 1024;

function resize(width: number): number {
  const scratch = Buffer.alloc(SCRATCH_BYTES);
  scratch.writeUInt32LE(width, 0);
  scratch[SCRATCH_BYTES - 1] = width & 0xff;
  return scratch.readUInt32LE(0) + scratch[SCRATCH_BYTES - 1];
}

let resized = 0;

export default {
  iteration(i) {
    resized += resize(640 + (i % 100));
  },
  metrics: () => ({ resized }),
} satisfies Workload;
