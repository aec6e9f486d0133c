// A case folder anywhere on disk, as a user brings one: loaded as CommonJS (no package.json
// near it) or as an ES module. The holder is named by its module, and --alloc-stacks gives
// positions in its TypeScript, relative to the folder.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseFolder } from '../../harness/catalog.ts';
import { runCase } from '../../harness/lab/run-case.ts';
import { scratchDir } from '../helpers/scratch.ts';

const shape = fileURLToPath(new URL('../leak-shapes/queue-never-compacted/', import.meta.url));
const scratch = scratchDir('oomlab-test-outside-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.concurrent('a case folder outside the project', () => {
  for (const format of ['commonjs', 'module'] as const) {
    it(`${format}: holder named by its module, allocation sites in its TypeScript`, async () => {
      const dir = join(scratch, format);
      cpSync(shape, dir, { recursive: true });
      if (format === 'module') writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
      const result = await runCase(await loadCaseFolder(dir), { variants: ['buggy'], trackAllocations: true });
      const buggy = result.variants.buggy!;
      expect(buggy.verdict, buggy.reasons.join('\n')).toBe('leak');
      expect(buggy.culprit!.holder).toMatch(/^buggy\.ts \(module\) → queue/);
      const site = buggy.allocationSites![0];
      expect(site.scriptName).toBe('buggy.ts');
      // The TypeScript line of iteration(); transpiled code would put it on line 1 or 2.
      expect(site.functionName).toBe('iteration');
      expect(site.line).toBeGreaterThan(10);
      expect(site.line).toBeLessThan(40);
    });
  }
});
