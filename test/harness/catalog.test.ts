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
