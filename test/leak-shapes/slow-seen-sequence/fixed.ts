// A stream consumer that skips duplicate deliveries. Sequence numbers only increase, so the
// highest one handled is all it needs to remember: anything at or below it is a redelivery.
import type { Workload } from '../../../harness/contract.ts';

let highestHandled = -1;
let applied = 0;
let duplicates = 0;

function onMessage(sequence: number): void {
  if (sequence <= highestHandled) {
    duplicates++;
    return;
  }
  highestHandled = sequence;
  applied++;
}

export default {
  iteration(i) {
    onMessage(i);
    if (i % 25 === 0) onMessage(i); // the broker redelivers now and then
  },
  metrics: () => ({ applied, duplicates, highestHandled }),
} satisfies Workload;
