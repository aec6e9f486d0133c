// A wrong fix of case 05 that a learner might try: it bounds the symptom, not the cause.
// --check must reject it (test/workshop/workshop.test.ts).
// A response serializer. Eight requests are served at a time; each takes a writer from the
// pool, serializes its response into it, sends it, and returns the writer for the next one.
import type { Workload } from '../../../harness/contract.ts';
import { GrowableWriter, responseBody } from '../../../cases/05-writer-capacity-ratchet/writer.ts';

const POOL_SIZE = 8;

class WriterPool {
  private readonly free = Array.from({ length: POOL_SIZE }, () => new GrowableWriter());

  created = 0;

  acquire(): GrowableWriter {
    const pooled = this.free.pop();
    if (pooled) return pooled;
    this.created++;
    return new GrowableWriter();
  }

  release(writer: GrowableWriter): void {
    writer.reset(); // keeps whatever capacity the writer grew to
    // the learner's "fix": never pool a writer again
  }

  get heldBytes(): number {
    return this.free.reduce((sum, writer) => sum + writer.capacity, 0);
  }
}

const pool = new WriterPool();
let sent = 0;

export default {
  iteration(batch) {
    const writers = Array.from({ length: POOL_SIZE }, () => pool.acquire());
    writers.forEach((writer, slot) => {
      writer.write(responseBody(batch, slot));
      sent += writer.bytes().length;
    });
    for (const writer of writers) pool.release(writer);
  },
  metrics: () => ({ poolHeldBytes: pool.heldBytes, sentBytes: sent, writersCreated: pool.created }),
} satisfies Workload;
