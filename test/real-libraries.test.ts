// The real-libraries catalogue (test/real-libraries/): leaks reported against real npm packages
// and Node built-ins, which the lab's rules were not tuned on. Each leak must be judged a leak
// with its holder named and its shape recognised, its fix clean; each trap clean. Run one at a
// time: they are measurements, and parallel children add noise.
import { describe, expect, it } from 'vitest';
import { LIBRARY_SHAPES } from './real-libraries/catalogue.ts';
import { judgeShape, namesKind } from './leak-shapes/judge.ts';

describe('the real-libraries catalogue', () => {
  it('has at least ten leaks and three traps', () => {
    expect(LIBRARY_SHAPES.filter((s) => s.kind === 'leak').length).toBeGreaterThanOrEqual(10);
    expect(LIBRARY_SHAPES.filter((s) => s.kind === 'trap').length).toBeGreaterThanOrEqual(3);
  });

  it('checks the collection kind as a word of the sentence, not inside another name', () => {
    expect(namesKind('an unbounded Map, grown by 400 entries', 'Map')).toBe(true);
    expect(namesKind('a WeakMap keyed by requests', 'Map')).toBe(false);
    expect(namesKind('a Uint8Array view', 'Array')).toBe(false);
    expect(namesKind('an Array that only grows', 'Array')).toBe(true);
    expect(namesKind('a plain Object used as a dictionary', 'object')).toBe(true);
    expect(namesKind('a Set of ids', 'Map')).toBe(false);
  });

  for (const shape of LIBRARY_SHAPES) {
    const what = shape.kind === 'leak' ? `leaks, held by ${shape.holder}, as ${[shape.pattern].flat().join(' or ')}; its fix is clean` : 'is clean';
    it(`${shape.slug} ${what}`, async () => {
      const outcome = await judgeShape(shape);
      expect(outcome.problems, `${outcome.slug}: ${outcome.problems.join('\n')}`).toEqual([]);
    });
  }
});
