// The plain story every renderer leads with (report/model.ts), on made-up results.
import { describe, expect, it } from 'vitest';
import { classRows, plainClass, plainStory, shapeAndAdvice } from '../../harness/report/model.ts';
import type { VariantResult } from '../../harness/lab/result.ts';

const sentence = 'An unbounded Set: `buggy.ts (module) → pool.inUse` gains entries every iteration and nothing removes them; bound it (an LRU or a ring), expire entries, or key a WeakMap by an object whose lifetime matches.';

describe('the plain story', () => {
  it("a case's hint replaces the shape's generic advice; without one, the advice is the shape's", () => {
    expect(shapeAndAdvice(sentence, 'Release on every path: try/finally.')).toEqual({
      shape: 'An unbounded Set: `buggy.ts (module) → pool.inUse` gains entries every iteration and nothing removes them.',
      advice: 'Release on every path: try/finally.',
      fromCase: true,
    });
    expect(shapeAndAdvice(sentence).advice).toBe('Bound it (an LRU or a ring), expire entries, or key a WeakMap by an object whose lifetime matches.');
  });

  it('names classes in words, not V8 internals', () => {
    expect(plainClass({ type: 'native', name: 'system / JSArrayBufferData' })).toBe('ArrayBuffer backing stores (bytes off the V8 heap)');
    expect(plainClass({ type: 'object', name: 'system / Context' })).toBe('closure scopes (V8 Contexts)');
    expect(plainClass({ type: 'object', name: 'PooledConnection' })).toBe('PooledConnection objects');
    expect(plainClass({ type: 'sliced string', name: '(sliced string)' })).toBe('sliced strings (views into larger strings)');
  });

  const leak = {
    verdict: 'leak',
    bytesPerIteration: 92,
    culprit: { type: 'object', name: 'PooledConnection', count: 200, retainedSize: 48_000, holder: 'buggy.ts (module) → pool.inUse' },
    pattern: { id: 'unbounded-collection', sentence },
    growth: null,
  } as unknown as VariantResult;

  it('a leak: what grew, who holds it, the shape, what to do', () => {
    expect(plainStory(leak, 'Release on every path: try/finally.')).toEqual([
      ['What grew', 'PooledConnection objects: 200 of them, 46.9 KiB; the heap grows 92 B per iteration.'],
      ['Who holds it', 'buggy.ts (module) → pool.inUse'],
      ['The shape', 'An unbounded Set: `buggy.ts (module) → pool.inUse` gains entries every iteration and nothing removes them.'],
      ['What to do', 'Release on every path: try/finally.'],
    ]);
  });

  it('clean: one line, no timeline figure to puzzle over', () => {
    const story = plainStory({ ...leak, verdict: 'clean', bytesPerIteration: -0.4, culprit: null, pattern: null });
    expect(story).toEqual([['Nothing grows', 'the heap changed by 0 B per iteration, less than the 48 B per iteration a leak must reach over intervals this long.']]);
    // Measured longer (snapshots at 50, 300, 800, 1,800 and 3,800), the floor it was judged by is 12 B.
    const longer = plainStory({ ...leak, verdict: 'clean', bytesPerIteration: 3, culprit: null, pattern: null, snapshotIterations: [50, 300, 800, 1800, 3800] });
    expect(longer[0][1]).toMatch(/less than the 12 B per iteration a leak must reach/);
  });

  // Figures of the fixed orders-api server on Node 26: 99 B/request on average, all of it in one
  // interval, once said to be "less than the 48 B a leak must reach".
  const growth = (perInterval: number[], persistentPerIteration: number) => ({
    perInterval,
    persistentPerIteration,
    timelineSlope: 0,
    totals: perInterval.reduce((t, d) => [...t, t.at(-1)! + d * 200], [1_000_000]),
    survivors: { count: 0, bytes: 0 },
    containers: [],
  });
  const at = [100, 300, 500, 700, 900];

  it('clean in one step: says the heap rose in one interval only, not that it changed less than the floor', () => {
    const step = plainStory({ ...leak, verdict: 'clean', bytesPerIteration: 99, culprit: null, pattern: null, snapshotIterations: at, growth: growth([5, 332, 5, 0], 116) });
    expect(step).toEqual([
      ['A step, not a leak', "the heap rose 99 B per iteration on average, but in 1 of 4 intervals only, not interval after interval: memory filled once (a cache reaching its bound, a library's lazy start) and then stayed."],
    ]);
  });

  it('clean because nothing that grew was kept: says so', () => {
    const churn = plainStory({ ...leak, verdict: 'clean', bytesPerIteration: 130, culprit: null, pattern: null, snapshotIterations: at, growth: growth([130, 128, 131, 129], 2) });
    expect(churn[0][0]).toBe('Nothing is kept');
    expect(churn[0][1]).toMatch(/^the heap rose 130 B per iteration, but what grew was not kept/);
  });

  it('the class table leaves out classes that kept nothing past an interval', () => {
    const row = (name: string, persistentCount: number) => ({ name, type: 'object', persistentCount, persistentBytes: persistentCount * 10, count: 5, selfSize: 50, retainedSize: 50, offHeapSize: 0 });
    const rows = classRows({ topClasses: [row('Kept', 3), row('Node / IsolateData', 0)] as unknown as VariantResult['topClasses'] });
    expect(rows.map((r) => r[0])).toEqual(['Kept']);
  });
});
