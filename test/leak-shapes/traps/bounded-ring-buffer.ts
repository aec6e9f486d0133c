// Trap (not a leak): a metrics endpoint keeps the last 32 latency samples per route in a
// ring buffer; old samples are overwritten, so the buffer's size is fixed.
import type { Workload } from '../../../harness/contract.ts';

interface Sample { route: string; ms: number; status: number }

const RING_SIZE = 32;
const recentSamples: (Sample | undefined)[] = new Array(RING_SIZE).fill(undefined);
let next = 0;

function record(sample: Sample): void {
  recentSamples[next] = sample; // overwrites the oldest
  next = (next + 1) % RING_SIZE;
}

let recorded = 0;

export default {
  iteration(i) {
    record({ route: i % 3 ? '/search' : '/checkout', ms: 5 + (i % 40), status: i % 50 ? 200 : 503 });
    recorded++;
  },
  metrics: () => ({ recorded }),
} satisfies Workload;
