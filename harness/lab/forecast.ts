// The OOM forecast of a leak verdict: at the measured rate, how many more iterations (requests,
// rounds) until the heap limit the process runs with. V8's heap limit bounds what grows on the
// heap; a leak held mostly in ArrayBuffer backing stores grows outside it (resident memory,
// bounded by the machine or the container), and the forecast says that instead of a number.

import type { Culprit } from '../verdict/verdict.ts';

export interface OomForecast {
  /** V8's heap_size_limit of the measured process (its --max-old-space-size, or V8's default). */
  heapLimit: number;
  /** The heap in use at the last settled sample. */
  heapUsed: number;
  /** The rate the forecast uses, bytes per iteration. */
  bytesPerIteration: number;
  /** More iterations until the heap limit; null when what grows is off the heap. */
  iterationsToLimit: number | null;
  /** Why there is no number, when there is none. */
  note?: string;
}

/** What grows is off the V8 heap when most of the culprit's retained bytes are backing stores. */
const OFF_HEAP_SHARE = 0.5;

export function forecastOom(bytesPerIteration: number | null, heapLimit: number | null, heapUsed: number | null, culprit: Culprit | null): OomForecast | undefined {
  if (!bytesPerIteration || bytesPerIteration <= 0 || !heapLimit || heapUsed === null) return undefined;
  const base = { heapLimit, heapUsed, bytesPerIteration };
  if (culprit && culprit.retainedSize > 0 && culprit.offHeapSize / culprit.retainedSize > OFF_HEAP_SHARE) {
    return { ...base, iterationsToLimit: null, note: 'what grows is off the V8 heap (ArrayBuffer backing stores): the heap limit does not stop it; resident memory does' };
  }
  return { ...base, iterationsToLimit: Math.max(0, Math.floor((heapLimit - heapUsed) / bytesPerIteration)) };
}
