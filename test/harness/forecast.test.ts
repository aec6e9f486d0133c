// The OOM forecast of a leak verdict, with made-up figures.
import { describe, expect, it } from 'vitest';
import { forecastOom } from '../../harness/lab/forecast.ts';
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
