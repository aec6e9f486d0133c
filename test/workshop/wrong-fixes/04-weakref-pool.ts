// A wrong fix of case 04 that a learner might try: it bounds the symptom, not the cause.
// --check must reject it (test/workshop/workshop.test.ts).
// A response serializer. Encoders are expensive, so released ones go back to a pool for the
// next fragment. The pool holds them weakly "so that it never keeps memory the GC wants".
import type { Workload } from '../../../harness/contract.ts';
import { aBusyServersFullCollection, Encoder, written } from '../../../cases/04-weakref-pool/encoder.ts';

class EncoderPool {
  private readonly free: WeakRef<Encoder>[] = [];
  hits = 0;
  misses = 0;

  acquire(): Encoder {
    for (let i = this.free.length - 1; i >= 0; i--) {
      const encoder = this.free[i].deref();
      if (!encoder) {
        this.free.splice(i, 1); // the learner's "fix": drop the dead refs
        continue;
      }
      if (encoder) {
        this.free.splice(i, 1);
        this.hits++;
        return encoder;
      }
    }
    this.misses++;
    return new Encoder();
  }

  release(encoder: Encoder): void {
    this.free.push(new WeakRef(encoder)); // weak: the GC may take it; dead refs are never removed
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
