// The OOM forecast of a leak verdict: at the measured rate, how many more iterations (requests,
// rounds) until the heap limit the process runs with. V8's heap limit bounds what grows on the
// heap; a leak held mostly in ArrayBuffer backing stores grows outside it (resident memory,
// bounded by the machine or the container), and the forecast says that instead of a number.

import type { Culprit } from '../verdict/verdict.ts';

export interface OomForecast {
  /** The heap limit of the measured process: its --max-old-space-size, or V8's heap_size_limit (run/heap-limit.ts). */
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

/** What the forecast says of a leak off the V8 heap, instead of a number. */
export const OFF_HEAP_NOTE = 'what grows is off the V8 heap (ArrayBuffer backing stores): the heap limit does not stop it; resident memory does';

/** What grows is off the V8 heap when most of the culprit's retained bytes are backing stores. */
const OFF_HEAP_SHARE = 0.5;

export function forecastOom(bytesPerIteration: number | null, heapLimit: number | null, heapUsed: number | null, culprit: Culprit | null): OomForecast | undefined {
  if (!bytesPerIteration || bytesPerIteration <= 0 || !heapLimit || heapUsed === null) return undefined;
  const base = { heapLimit, heapUsed, bytesPerIteration };
  if (culprit && culprit.retainedSize > 0 && culprit.offHeapSize / culprit.retainedSize > OFF_HEAP_SHARE) {
    return { ...base, iterationsToLimit: null, note: OFF_HEAP_NOTE };
  }
  return { ...base, iterationsToLimit: Math.max(0, Math.floor((heapLimit - heapUsed) / bytesPerIteration)) };
}

/**
 * `--oom`'s check of the forecast: the forecast a measured run makes, fitted to the settled
 * samples the run to death took early (while its heap was below half the cap, well before
 * death), set against what happened.
 *
 * Why its own early samples and not a measured run's rate: `case N --oom` makes no measured
 * run, and this way the rate and the death come from one process under one cap, for the price
 * of a few settles early on: child.ts takes them only while the heap is below half the cap, at
 * iterations 1.25 times apart (a few dozen in all, however long the run), and none after.
 *
 * Two limits, two checks. The cap (--max-old-space-size: the old generation's limit, where what
 * leaks ends up) is where a process dies, and what a measured run's forecast aims at
 * (run/heap-limit.ts); under `--oom` the heap reaches it when V8's near-death snapshot is
 * written (--heapsnapshot-near-heap-limit=1), which the run notices. To write that snapshot,
 * Node raises the limit by the young generation's size (heap_size_limit is the cap plus its
 * reservation: 48 MiB on Node 20), and the leak lives on into that room until it dies. So the
 * death is forecast at heap_size_limit when the snapshot was written, at the cap when it was not.
 */
export interface DeathForecast {
  /** The last iteration of the settled samples the rate was fitted to (the first N iterations). */
  fittedThrough: number;
  samples: number;
  /** The fitted rate: the least-squares slope of settled heapUsed over iterations. */
  bytesPerIteration: number;
  /** The cap, bytes: the old generation's limit. */
  cap: number;
  /** V8's heap_size_limit as the process started: the cap and the young generation's reservation. */
  heapSizeLimit: number | null;
  /** The iteration the fitted line reaches the cap: what a measured run's forecast says. */
  atCap: number | null;
  /** The iteration the heap reached the cap (the near-death snapshot appeared), or null. */
  capReachedAt: number | null;
  /** (atCap − capReachedAt) / capReachedAt. */
  capError: number | null;
  /** The iteration of death forecast: at heap_size_limit when the near-death snapshot was written, else at the cap. */
  predictedIterations: number | null;
  /** The last iteration the process reported before it died. */
  actualIterations: number;
  /** (predicted − actual) / actual. */
  error: number | null;
  note?: string;
}

/** The settled samples a forecast needs, at least: two make a line, three a line worth a check. */
const MIN_FIT_SAMPLES = 3;
/**
 * The fit starts at this share of the settled stretch: the samples come 1.25 times apart
 * (run/child.ts), so most of them are in the first iterations, where start-up (modules loaded,
 * code compiled, caches filled) is not yet the leak's rate.
 */
const FIT_FROM = 0.1;

/** Least-squares line through (iteration, heapUsed): slope in bytes per iteration and its value at `x`. */
export function fitLine(points: readonly { iteration: number; heapUsed: number }[]): { slope: number; at: (x: number) => number } | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, p) => s + p.iteration, 0) / n;
  const my = points.reduce((s, p) => s + p.heapUsed, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.iteration - mx) ** 2;
    sxy += (p.iteration - mx) * (p.heapUsed - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, at: (x) => my + slope * (x - mx) };
}

const relative = (predicted: number | null, actual: number | null): number | null => (predicted === null || !actual ? null : (predicted - actual) / actual);

/**
 * The forecast of a run to death from its own settled samples, against what happened.
 * `offHeap`: the cap is on resident memory (the leak is in backing stores): no heap number.
 */
export function forecastDeath(
  settled: readonly { iteration: number; heapUsed: number }[],
  run: { cap: number; heapSizeLimit: number | null; capReachedAt: number | null; actualIterations: number; offHeap?: boolean },
): DeathForecast {
  const { cap, heapSizeLimit, capReachedAt, actualIterations } = run;
  const fittedThrough = settled.at(-1)?.iteration ?? 0;
  const points = settled.filter((s) => s.iteration > 0 && s.iteration >= FIT_FROM * fittedThrough);
  const none = (note: string): DeathForecast => ({
    fittedThrough, samples: points.length, bytesPerIteration: 0, cap, heapSizeLimit, atCap: null, capReachedAt, capError: null, predictedIterations: null, actualIterations, error: null, note,
  });
  if (run.offHeap) return none(OFF_HEAP_NOTE);
  const line = points.length >= MIN_FIT_SAMPLES ? fitLine(points) : null;
  if (!line) return none(`too few settled samples before the heap reached half its cap (${points.length}; ${MIN_FIT_SAMPLES} needed)`);
  if (line.slope <= 0) return { ...none('the heap did not grow over the settled samples'), bytesPerIteration: line.slope };
  const reach = (limit: number): number => Math.max(fittedThrough, Math.round(fittedThrough + (limit - line.at(fittedThrough)) / line.slope));
  const atCap = reach(cap);
  const predictedIterations = capReachedAt !== null && heapSizeLimit !== null && heapSizeLimit > cap ? reach(heapSizeLimit) : atCap;
  return {
    fittedThrough,
    samples: points.length,
    bytesPerIteration: line.slope,
    cap,
    heapSizeLimit,
    atCap,
    capReachedAt,
    capError: relative(atCap, capReachedAt),
    predictedIterations,
    actualIterations,
    error: relative(predictedIterations, actualIterations),
  };
}
