// A stream consumer that skips duplicate deliveries. Every handled sequence number goes into
// `handledSequences`, one small integer per message, and nothing ever leaves it (issue 20's
// slow leak: about 42 bytes per iteration, the Set's hash table growing).
import type { Workload } from '../../../harness/contract.ts';

const handledSequences = new Set<number>();
let applied = 0;
let duplicates = 0;

function onMessage(sequence: number): void {
  if (handledSequences.has(sequence)) {
    duplicates++;
    return;
  }
  handledSequences.add(sequence);
  applied++;
}

export default {
  iteration(i) {
    onMessage(i);
    if (i % 25 === 0) onMessage(i); // the broker redelivers now and then
  },
  metrics: () => ({ applied, duplicates, remembered: handledSequences.size }),
} satisfies Workload;
