// The regression suite: every case through the real harness, both variants in fresh child
// processes. A fixed leak that comes back, or a case that stops showing its leak, fails here.
import { describe, expect, it } from 'vitest';
import { findCase, listCases } from '../harness/catalog.ts';
import { runCase } from '../harness/lab/run-case.ts';
import { NOISE_FLOOR } from '../harness/verdict/verdict.ts';

const cases = listCases();

describe('the eight cases', () => {
  it('are all there, numbered 1 to 8', () => {
    expect(cases.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  for (const { id, slug } of cases) {
    it(`case ${id} ${slug}: buggy ${'shows its leak with the declared culprit'}, fixed is clean`, async () => {
      const folder = await findCase(String(id));
      const result = await runCase(folder);
      const { buggy, fixed } = result.variants;
      const why = (v: typeof buggy): string => `${v?.verdict}: ${v?.error?.message ?? v?.reasons.join('; ')}`;
      expect(buggy!.verdict, why(buggy)).toBe(folder.definition.signal === 'high-water' ? 'high-water' : 'leak');
      expect(fixed!.verdict, why(fixed)).toBe('clean');
      // The declared class, or one of the names other V8 versions give it (culprit.or).
      const declared = [folder.definition.culprit, ...(folder.definition.culprit.or ?? [])].map(({ type, name }) => ({ type, name }));
      expect(declared).toContainEqual({ type: buggy!.culprit!.type, name: buggy!.culprit!.name });
      expect(buggy!.culprit!.path.length).toBeGreaterThan(1);
      expect(result.culpritMatches).toBe(true);
      expect(result.ok).toBe(true);
      // The leak is real memory, well above the floor: at least 1.5x for a growth case. (Case 3,
      // the smallest, leaks ~100 B/iteration early and ~80 later: its trend over four intervals is 92.)
      if (folder.definition.signal === 'growth') expect(buggy!.bytesPerIteration).toBeGreaterThan(1.5 * NOISE_FLOOR);
      // Its holder is named in the program's terms, and never through the engine's code.
      expect(buggy!.culprit!.holder).toMatch(/^buggy\.ts \(module\) → /);
      expect(buggy!.culprit!.path.some((s) => s.node.type === 'code')).toBe(false);
    });
  }
});
