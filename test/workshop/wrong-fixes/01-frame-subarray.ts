// A wrong fix of case 01 that a learner might try: it bounds the symptom, not the cause.
// --check must reject it (test/workshop/workshop.test.ts).
// A message-bus consumer. Each frame starts with a 16-byte message id; a dedupe index
// remembers the last 1024 ids so that a redelivered message is dropped, not processed twice.
import type { Workload } from '../../../harness/contract.ts';
import { deliver, ID_BYTES, receiveFrame } from '../../../cases/01-frame-subarray/traffic.ts';

const WINDOW = 16; // the learner's "fix": a smaller window

class DedupeIndex {
  private readonly ids: Buffer[] = new Array(WINDOW);
  private count = 0;
  private next = 0;

  /** How many ids the index remembers now. */
  get size(): number {
    return this.count;
  }

  seen(id: Buffer): boolean {
    for (let slot = 0; slot < this.count; slot++) if (id.equals(this.ids[slot])) return true;
    return false;
  }

  remember(id: Buffer): void {
    this.ids[this.next] = id; // a view into the frame: the index now holds all 64 KiB of it
    this.next = (this.next + 1) % WINDOW;
    this.count = Math.min(this.count + 1, WINDOW);
  }
}

const index = new DedupeIndex();
let delivered = 0;
let duplicates = 0;

export default {
  iteration(i) {
    const frame = receiveFrame(i);
    const id = frame.subarray(0, ID_BYTES); // zero-copy: shares the frame's memory
    if (index.seen(id)) {
      duplicates++;
      return;
    }
    index.remember(id);
    deliver(frame.subarray(ID_BYTES));
    delivered++;
  },
  metrics: () => ({ delivered, duplicates, remembered: index.size }),
} satisfies Workload;
