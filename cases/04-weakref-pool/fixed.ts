// A response serializer. Encoders are expensive, so released ones go back to a pool for the
// next fragment. The pool keeps a few of them, strongly, and lets the rest go.
import type { Workload } from '../../harness/contract.ts';
import { aBusyServersFullCollection, Encoder, written } from './encoder.ts';

const MAX_FREE = 8;

class EncoderPool {
  private readonly free: Encoder[] = [];
  hits = 0;
  misses = 0;

  acquire(): Encoder {
    const encoder = this.free.pop();
    if (encoder) {
      this.hits++;
      return encoder;
    }
    this.misses++;
    return new Encoder();
  }

  release(encoder: Encoder): void {
    if (this.free.length < MAX_FREE) this.free.push(encoder); // strong, and bounded
  }

  get size(): number {
    return this.free.length;
  }
}

const pool = new EncoderPool();

function sendResponse(request: number): void {
  // A response is four fragments, encoded in parallel, each with a pooled encoder.
  const encoders = [pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()];
  encoders.forEach((encoder, part) => encoder.encode({ id: request * 4 + part, name: `fragment ${part}` }));
  for (const encoder of encoders) pool.release(encoder);
}

export default {
  async iteration(i) {
    sendResponse(i);
    await written();
    aBusyServersFullCollection();
  },
  metrics: () => ({ hits: pool.hits, misses: pool.misses, refs: pool.size }),
} satisfies Workload;
