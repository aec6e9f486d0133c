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
