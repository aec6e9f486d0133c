import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findCase, listCases } from '../../harness/catalog.ts';
import { checkExercise, createExercise, exercisePath } from '../../harness/lab/exercise.ts';
import { runScript } from '../helpers/run-script.ts';
import { scratchDir } from '../helpers/scratch.ts';

describe.concurrent('--check judges a learner\'s file like the case\'s own fixed variant', () => {
  for (const { id, slug } of listCases()) {
    it(`case ${id} ${slug}: rejects buggy.ts, accepts fixed.ts`, async () => {
      const folder = await findCase(String(id));
      const [buggy, fixed] = [await checkExercise(folder, folder.variants.buggy), await checkExercise(folder, folder.variants.fixed)];
      expect(buggy.status).toBe(folder.definition.signal === 'high-water' ? 'high-water' : 'leak');
      expect(fixed.status, fixed.result.reasons.join('\n')).toBe('clean');
    });
  }
});

describe.concurrent('--check holds a fix to the case\'s story: a wrong fix that bounds the symptom fails', () => {
  for (const { id, slug } of listCases()) {
    it(`case ${id} ${slug}: test/workshop/wrong-fixes/ is clean on the heap but breaks the story`, async () => {
      const folder = await findCase(String(id));
      const wrongFix = join(import.meta.dirname, 'wrong-fixes', `${String(id).padStart(2, '0')}-${slug}.ts`);
      expect(folder.definition.story?.length, 'every case declares its story').toBeGreaterThan(0);
      const check = await checkExercise(folder, wrongFix);
      expect(check.status, check.result.reasons.join('\n')).toBe('story');
      expect(check.story.some((s) => !s.holds)).toBe(true);
      // The case's own fixed variant keeps every part of the story.
      const fixed = await checkExercise(folder, folder.variants.fixed);
      expect(fixed.story.every((s) => s.holds), JSON.stringify(fixed.story)).toBe(true);
    });
  }
});

describe('each case\'s README names the wrong fix its --check rejects', () => {
  for (const { id, slug, dir } of listCases()) {
    it(`case ${id} ${slug}`, () => {
      const notes = readFileSync(join(dir, 'README.md'), 'utf8').replace(/\s+/g, ' ');
      expect(notes).toMatch(new RegExp(`\\*\\*Not a fix( here)?:\\*\\* [^*]*npm run case ${id} -- --check\` says \`NOT FIXED\``));
    });
  }
});

describe.concurrent('npm run case -- --exercise / --check', () => {
  it('--check --json: one JSON document with the counters and the story; the hint agrees with the case', async () => {
    const check = await runScript('case', ['3', '--check', 'test/workshop/wrong-fixes/03-pool-release-on-throw.ts', '--json']);
    expect(check.status).toBe(1);
    const doc = JSON.parse(check.stdout) as { status: string; ok: boolean; metrics: Record<string, number>; story: { says: string; holds: boolean; metrics: Record<string, number> }[]; hint: string };
    expect(doc.status).toBe('story');
    expect(doc.ok).toBe(false);
    expect(doc.metrics.acquired).toBeGreaterThan(doc.metrics.released);
    expect(doc.story.find((s) => /acquired is returned/.test(s.says))?.holds).toBe(false);
    expect(doc.hint).toMatch(/try\/finally/);
    const text = await runScript('case', ['3', '--check', 'test/workshop/wrong-fixes/03-pool-release-on-throw.ts']);
    expect(text.stdout).toMatch(/^NOT FIXED: /);
    expect(text.stdout).toMatch(/NO +every connection acquired is returned to the pool: acquired=850, released=567$/m);
    expect(text.stdout).toMatch(/Hint: .*try\/finally\. Capping or clearing inUse only hides the bug/);
    // The generic advice of the shape sentence ("bound it") is never printed for a case with a hint.
    expect(text.stdout).not.toMatch(/bound it/);
  });

  it('creates the exercise with working imports, and keeps the learner\'s work unless --force', async () => {
    const folder = await findCase('8');
    const target = exercisePath(folder);
    rmSync(target, { force: true });
    const first = await runScript('case', ['8', '--exercise']);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Your exercise: exercises\/08-map-cache\.ts/);
    const copied = readFileSync(target, 'utf8');
    expect(copied).toContain("from '../cases/08-map-cache/schemas.ts'");
    expect(copied).toContain("from '../harness/contract.ts'");

    writeFileSync(target, `${copied}\n// my work in progress\n`);
    const again = await runScript('case', ['8', '--exercise']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already exists: your work is kept/);
    expect(readFileSync(target, 'utf8')).toContain('// my work in progress');
    expect(createExercise(folder, true).created).toBe(true);
    expect(readFileSync(target, 'utf8')).not.toContain('// my work in progress');

    // The untouched exercise is the buggy variant: --check says it still leaks, with the hint.
    const check = await runScript('case', ['8', '--check']);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/STILL LEAKING/);
    expect(check.stdout).toMatch(/Hint: Key the memo by what the value depends on/);
    rmSync(target, { force: true });
  });

  it('accepts a fixed file given by path: exit 0', async () => {
    const check = await runScript('case', ['8', '--check', 'cases/08-map-cache/fixed.ts']);
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^CLEAN: your fix holds/);
  });

  const dir = scratchDir('oomlab-learner-');
  it('exit 2 for a missing file, a file that does not compile, and one that throws', async () => {
    expect((await runScript('case', ['8', '--check', join(dir, 'nope.ts')])).status).toBe(2);
    writeFileSync(join(dir, 'broken.ts'), 'export default { iteration(i: number) { return i +; } };\n');
    const broken = await runScript('case', ['8', '--check', join(dir, 'broken.ts')]);
    expect(broken.status).toBe(2);
    expect(broken.stdout).toMatch(/Could not run .*broken\.ts: threw in loading the variant/);
    writeFileSync(join(dir, 'throws.ts'), 'export default { iteration() { throw new Error("oops, not yet"); } };\n');
    const throws = await runScript('case', ['8', '--check', join(dir, 'throws.ts')]);
    expect(throws.status).toBe(2);
    expect(throws.stdout).toMatch(/oops, not yet/);
    expect(existsSync(join(dir, 'nope.ts'))).toBe(false);
  });
});
