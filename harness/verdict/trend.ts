// A trend that one odd point cannot move: the Theil–Sen estimator, the median of the slopes
// between every pair of points. With five snapshots it ignores one outlier entirely
// (its breakdown point is about 29 %), where a least-squares line would follow it. The memory
// timeline, many samples that only set the confidence, keeps a least-squares slope.

import type { Sample } from '../run/protocol.ts';

/** The median pairwise slope of `values` against `at` (by default their index: 0, 1, 2, ...). */
export function theilSen(values: readonly number[], at?: readonly number[]): number {
  const x = (i: number): number => (at ? at[i] : i);
  const slopes: number[] = [];
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) if (x(j) !== x(i)) slopes.push((values[j] - values[i]) / (x(j) - x(i)));
  }
  return median(slopes);
}

/** Where each snapshot stands, in iterations since the first: 0, then the running sum of the intervals. */
export function snapshotPositions(intervals: readonly number[]): number[] {
  const at = [0];
  for (const n of intervals) at.push(at.at(-1)! + n);
  return at;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Least-squares slope of heapUsed + external against the iteration, bytes per iteration. */
export function timelineSlope(timeline: Sample[]): number {
  const n = timeline.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (const s of timeline) {
    sx += s.iteration;
    sy += s.heapUsed + s.external;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const s of timeline) {
    const dx = s.iteration - mx;
    num += dx * (s.heapUsed + s.external - my);
    den += dx * dx;
  }
  return den === 0 ? 0 : num / den;
}
