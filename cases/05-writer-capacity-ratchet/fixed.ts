// A response serializer. Eight requests are served at a time; each takes a writer from the
// pool, serializes its response into it, sends it, and returns the writer for the next one.
import type { Workload } from '../../harness/contract.ts';
import { GrowableWriter, responseBody } from './writer.ts';

const POOL_SIZE = 8;
const MAX_POOLED_CAPACITY = 64 * 1024;

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
    writer.reset();
    // A writer that grew for a large response is dropped, not pooled: the pool stays small.
    if (this.free.length < POOL_SIZE && writer.capacity <= MAX_POOLED_CAPACITY) this.free.push(writer);
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
