// The OOM forecast of a leak verdict, with made-up figures.
import { describe, expect, it } from 'vitest';
import { fitLine, forecastDeath, forecastOom, OFF_HEAP_NOTE } from '../../harness/lab/forecast.ts';
import type { Culprit } from '../../harness/verdict/verdict.ts';

const culprit = (retainedSize: number, offHeapSize: number): Culprit =>
  ({ type: 'object', name: 'Map', count: 1, selfSize: 0, retainedSize, offHeapSize, path: [], pathText: '', holder: 'x' }) as Culprit;

describe('forecastOom', () => {
  it('divides the room left under the heap limit by the rate, rounding down', () => {
    expect(forecastOom(1000, 64 * 2 ** 20, 4 * 2 ** 20, culprit(10_000, 0))).toEqual({
      heapLimit: 64 * 2 ** 20,
      heapUsed: 4 * 2 ** 20,
      bytesPerIteration: 1000,
      iterationsToLimit: Math.floor((60 * 2 ** 20) / 1000),
    });
  });

  it('says 0 when the heap is already at its limit', () => {
    expect(forecastOom(100, 1000, 2000, null)!.iterationsToLimit).toBe(0);
  });

  it('gives no number when what grows is mostly off the heap (backing stores), and says why', () => {
    const f = forecastOom(60_000, 4 * 2 ** 30, 8 * 2 ** 20, culprit(1000, 900))!;
    expect(f.iterationsToLimit).toBeNull();
    expect(f.note).toMatch(/off the V8 heap/);
  });

  it('has nothing to forecast without a rate or a limit', () => {
    expect(forecastOom(null, 1000, 10, null)).toBeUndefined();
    expect(forecastOom(0, 1000, 10, null)).toBeUndefined();
    expect(forecastOom(100, null, 10, null)).toBeUndefined();
  });
});

describe('fitLine', () => {
  it('is the least-squares line: slope and value at a point', () => {
    // heapUsed = 1000 + 10 × iteration, with ±5 of noise that cancels out.
    const line = fitLine([
      { iteration: 0, heapUsed: 1005 },
      { iteration: 100, heapUsed: 1995 },
      { iteration: 200, heapUsed: 3005 },
      { iteration: 300, heapUsed: 3995 },
    ])!;
    expect(line.slope).toBeCloseTo(9.98, 10); // Σ(dx·dy)/Σdx² = 499000 / 50000
    expect(line.at(150)).toBeCloseTo(2500, 10); // the line passes through the means
  });

  it('has no line through fewer than two points, or through one iteration', () => {
    expect(fitLine([{ iteration: 5, heapUsed: 1 }])).toBeNull();
    expect(fitLine([{ iteration: 5, heapUsed: 1 }, { iteration: 5, heapUsed: 2 }])).toBeNull();
  });
});

describe('forecastDeath', () => {
  const MiB = 2 ** 20;
  // 10 MiB at iteration 1000, then 1 KiB per iteration: the 64 MiB cap is 54 MiB / 1 KiB = 55,296
  // iterations later, at 56,296; heap_size_limit (112 MiB) 102 × 1024 later, at 105,448.
  const settled = [0, 1000, 2000, 3000, 4000].map((iteration) => ({ iteration, heapUsed: 10 * MiB + (iteration - 1000) * 1024 }));
  const run = { cap: 64 * MiB, heapSizeLimit: 112 * MiB, capReachedAt: 50_000, actualIterations: 100_000 };

  it('extrapolates the fitted line to the cap, checked against when the heap reached it', () => {
    const f = forecastDeath(settled, run);
    expect(f.fittedThrough).toBe(4000);
    expect(f.samples).toBe(4); // iteration 0 (before the first iteration) left out
    expect(f.bytesPerIteration).toBeCloseTo(1024, 6);
    expect(f.atCap).toBe(56_296);
    expect(f.capError).toBeCloseTo((56_296 - 50_000) / 50_000, 10); // +12.6 %
  });

  it('forecasts death at heap_size_limit when the near-death snapshot was written (Node gave it that room), at the cap when not', () => {
    const f = forecastDeath(settled, run);
    expect(f.predictedIterations).toBe(105_448);
    expect(f.error).toBeCloseTo((105_448 - 100_000) / 100_000, 10); // +5.4 %
    const noSnapshot = forecastDeath(settled, { ...run, capReachedAt: null, actualIterations: 60_000 });
    expect(noSnapshot.predictedIterations).toBe(56_296);
    expect(noSnapshot.capError).toBeNull();
    expect(noSnapshot.error).toBeCloseTo((56_296 - 60_000) / 60_000, 10); // -6.2 %
  });

  it('leaves out start-up: the samples before a tenth of the settled stretch', () => {
    const withStartUp = [{ iteration: 0, heapUsed: 0 }, { iteration: 10, heapUsed: 1 * MiB }, { iteration: 399, heapUsed: 2 * MiB }, ...settled.slice(1)];
    const f = forecastDeath(withStartUp, run);
    expect(f.samples).toBe(4);
    expect(f.atCap).toBe(56_296);
  });

  it('gives no number under a resident-memory cap, and says why', () => {
    const f = forecastDeath([], { cap: 128 * MiB, heapSizeLimit: null, capReachedAt: null, actualIterations: 2000, offHeap: true });
    expect(f.predictedIterations).toBeNull();
    expect(f.atCap).toBeNull();
    expect(f.error).toBeNull();
    expect(f.actualIterations).toBe(2000);
    expect(f.note).toBe(OFF_HEAP_NOTE);
  });

  it('gives no number from too few settled samples, or from a heap that did not grow', () => {
    expect(forecastDeath(settled.slice(0, 3), run).note).toMatch(/^too few settled samples .*\(2; 3 needed\)$/);
    const flat = settled.map((s) => ({ ...s, heapUsed: 10 * MiB }));
    expect(forecastDeath(flat, run).predictedIterations).toBeNull();
  });

  it('never forecasts a death before the samples it was fitted to', () => {
    expect(forecastDeath(settled, { ...run, cap: 5 * MiB, capReachedAt: null }).atCap).toBe(4000);
  });
});
