// A message consumer that drops redelivered batches. Every handled message id goes into
// `seen`, and nothing ever leaves it: the Set's hash table grows forever.
import type { Workload } from '../../../harness/contract.ts';

const BATCH = 5;
const seen = new Set<number>();
let handled = 0;
let redelivered = 0;

function consume(messageId: number): void {
  if (seen.has(messageId)) {
    redelivered++;
    return;
  }
  seen.add(messageId);
  handled++;
}

export default {
  iteration(i) {
    for (let k = 0; k < BATCH; k++) consume(i * BATCH + k);
    if (i % 10 === 0) consume(i * BATCH); // a redelivery
  },
  metrics: () => ({ handled, redelivered, seen: seen.size }),
} satisfies Workload;
