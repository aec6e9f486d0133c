// Small helpers with one job each, used inside the measured child.

import { setImmediate as nextTurn } from 'node:timers/promises';

const collect: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    throw new Error('the measured child must run with --expose-gc');
  });

/**
 * Lets pending callbacks run (stream writes completing, promises settling, cleared timers
 * being dropped), then collects twice: the second pass frees what the first one's
 * finalizers and weak callbacks released.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await nextTurn();
  await new Promise((resolve) => setTimeout(resolve, 0));
  collect();
  collect();
}

/** Writes one memory sample into a preallocated array: sampling allocates nothing that stays. */
export function sampleInto(target: Float64Array, slot: number, iteration: number): void {
  const usage = process.memoryUsage();
  const base = slot * 5;
  target[base] = iteration;
  target[base + 1] = usage.heapUsed;
  target[base + 2] = usage.external;
  target[base + 3] = usage.arrayBuffers;
  target[base + 4] = usage.rss;
}

/**
 * Calls the harness's instruments until everything they make lazily exists: the feedback
 * vector of Node's memoryUsage() and the allocation site and boilerplate of the object
 * literal it returns (V8 makes them after a function's first few calls), and the modules
 * behind `performance`. Made during a measured interval, they would be survivors of the
 * harness's own: the boilerplate a lone member of the program's `Object` class held through
 * the engine's feedback, perf_hooks' histograms a holder of the program's objects' class.
 */
export function warmUpInstruments(): void {
  const scratch = new Float64Array(5);
  for (let i = 0; i < SAMPLER_WARM_UP_CALLS; i++) {
    sampleInto(scratch, 0, 0);
    // The clock that times iterations: Node loads perf_hooks (its histograms, their
    // prototypes) on the first use of the `performance` global.
    performance.now();
  }
}

/** Comfortably past V8's lazy feedback allocation (8 calls) and literal boilerplates (2 runs). */
const SAMPLER_WARM_UP_CALLS = 100;
