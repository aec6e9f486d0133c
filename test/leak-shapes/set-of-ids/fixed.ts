// A message consumer that drops redelivered batches. Ids are remembered only while a
// redelivery can still happen: a window of the last 100 ids, the oldest forgotten first.
import type { Workload } from '../../../harness/contract.ts';

const BATCH = 5;
const WINDOW = 100;
const seen = new Set<number>();
let handled = 0;
let redelivered = 0;

function consume(messageId: number): void {
  if (seen.has(messageId)) {
    redelivered++;
    return;
  }
  seen.add(messageId);
  if (seen.size > WINDOW) seen.delete(seen.values().next().value!); // insertion order: the oldest
  handled++;
}

export default {
  iteration(i) {
    for (let k = 0; k < BATCH; k++) consume(i * BATCH + k);
    if (i % 10 === 0) consume(i * BATCH); // a redelivery
  },
  metrics: () => ({ handled, redelivered, seen: seen.size }),
} satisfies Workload;
