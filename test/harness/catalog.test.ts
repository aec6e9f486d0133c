// A case.ts is validated however it was written: with or without defineCase.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaseFolder, UnknownCaseError } from '../../harness/catalog.ts';
import { scratchDir } from '../helpers/scratch.ts';

function folderWith(caseTs: string): string {
  const dir = scratchDir('oomlab-casefile-');
  for (const v of ['buggy', 'fixed']) writeFileSync(join(dir, `${v}.ts`), 'export default { iteration() {} };\n');
  writeFileSync(join(dir, 'case.ts'), caseTs);
  return dir;
}

describe('folders without case.ts', () => {
  it('two folders of the same name in different places get reports folders of their own', async () => {
    const [a, b] = [scratchDir('oomlab-same-'), scratchDir('oomlab-same-')].map((parent) => {
      const dir = join(parent, 'leak');
      mkdirSync(dir);
      for (const v of ['buggy', 'fixed']) writeFileSync(join(dir, `${v}.ts`), 'export default { iteration() {} };\n');
      return dir;
    });
    const [sa, sb] = [(await loadCaseFolder(a)).definition.slug, (await loadCaseFolder(b)).definition.slug];
    expect(sa).toMatch(/^leak-[0-9a-f]{6}$/);
    expect(sb).toMatch(/^leak-[0-9a-f]{6}$/);
    expect(sa).not.toBe(sb);
  });
});

describe('case.ts without defineCase', () => {
  it('gets the defaults it left out (a missing time limit would kill every run after 1 ms)', async () => {
    const dir = folderWith("export default { id: 9, slug: 'plain', title: 'Plain', family: 'escape', signal: 'growth', culprit: { type: 'object', name: 'X' } };\n");
    const folder = await loadCaseFolder(dir);
    expect(folder.definition.timeLimitMs).toBe(60_000);
    expect(folder.definition.iterations).toBe(200);
  });

  it('cannot name a slug that leaves the reports folder', async () => {
    const dir = folderWith("export default { id: 9, slug: '../../escaped', title: 'Bad', family: 'escape', signal: 'growth', culprit: { type: 'object', name: 'X' } };\n");
    await expect(loadCaseFolder(dir)).rejects.toThrow(UnknownCaseError);
    await expect(loadCaseFolder(dir)).rejects.toThrow(/slug '\.\.\/\.\.\/escaped' must be lowercase words/);
  });
});

describe('a case\'s story checks', () => {
  const base = { id: 9, slug: 'story', title: 't', family: 'escape', signal: 'growth', culprit: { type: 'object', name: 'X' } } as const;
  it('are validated: each says what holds, names its counters, and is a function', async () => {
    const { defineCase } = await import('../../harness/contract.ts');
    expect(() => defineCase({ ...base, story: [{ says: '', metrics: [], holds: 1 as unknown as () => boolean }] })).toThrow(
      /story\[0\]\.says must say what holds; story\[0\]\.metrics must name the counters it reads; story\[0\]\.holds must be a function/,
    );
    expect(() => defineCase({ ...base, hint: '  ' })).toThrow(/hint must be a sentence/);
    expect(defineCase({ ...base, story: [{ says: 'all returned', metrics: ['a'], holds: (m) => m.a === 0 }] }).story).toHaveLength(1);
  });

  it('are read over the run\'s counters: a counter not reported fails, a check that throws fails', async () => {
    const { defineCase } = await import('../../harness/contract.ts');
    const { storyOutcomes } = await import('../../harness/lab/exercise.ts');
    const definition = defineCase({
      ...base,
      story: [
        { says: 'returned', metrics: ['acquired', 'released'], holds: (m) => m.acquired === m.released },
        { says: 'per iteration', metrics: ['created'], holds: (m, run) => m.created <= run.iterations / 10 },
        { says: 'throws', metrics: ['created'], holds: () => { throw new Error('no'); } },
      ],
    });
    const folder = { dir: '.', definition, hasCaseFile: true, variants: { buggy: '', fixed: '' } };
    expect(storyOutcomes(folder, { acquired: 3, released: 3, created: 10 }, 100)).toEqual([
      { says: 'returned', metrics: { acquired: 3, released: 3 }, holds: true },
      { says: 'per iteration', metrics: { created: 10 }, holds: true },
      { says: 'throws', metrics: { created: 10 }, holds: false },
    ]);
    expect(storyOutcomes(folder, { acquired: 3, created: 11 }, 100).map((s) => s.holds)).toEqual([false, false, false]);
    expect(storyOutcomes(folder, { acquired: 3, created: 11 }, 100)[0].metrics).toEqual({ acquired: 3, released: null });
  });
});
