// The leak-shapes catalogue (test/leak-shapes/): leaks nobody wrote for the eight cases. Each
// leak must be judged a leak with its holder named and its shape recognised, its fix clean;
// each trap clean. Run one at a time: they are measurements, and parallel children add noise.
import { describe, expect, it } from 'vitest';
import { SHAPES } from './leak-shapes/catalogue.ts';
import { judgeShape } from './leak-shapes/judge.ts';

describe('the leak-shapes catalogue', () => {
  it('has at least twelve leaks and three traps', () => {
    expect(SHAPES.filter((s) => s.kind === 'leak').length).toBeGreaterThanOrEqual(12);
    expect(SHAPES.filter((s) => s.kind === 'trap').length).toBeGreaterThanOrEqual(3);
  });

  for (const shape of SHAPES) {
    const what = shape.kind === 'leak' ? `leaks, held by ${shape.holder}, as ${[shape.pattern].flat().join(' or ')}; its fix is clean` : 'is clean';
    it(`${shape.slug} ${what}`, async () => {
      const outcome = await judgeShape(shape);
      expect(outcome.problems, `${outcome.slug}: ${outcome.problems.join('\n')}`).toEqual([]);
    });
  }
});
