// The package as another project gets it: packed, installed into a fresh folder outside the
// repository, and used there: the command on the user's own folder and workloads (plain
// JavaScript), the API from a script and from the project's own vitest suite, and the types.
// Slow (an install and several real runs): one test, run once in npm test.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, runCommand, type ScriptResult } from './helpers/run-script.ts';
import { scratchDir } from './helpers/scratch.ts';

/** In the user's folder: the repository's own test reports must not land there. */
function sh(command: string, args: string[], cwd: string, timeout = 240_000): Promise<ScriptResult> {
  return runCommand(command, args, { cwd, timeout, env: { OOMLAB_REPORTS_DIR: '', NODE_OPTIONS: '' } });
}

// About 250 bytes a request, kept forever (or not).
const LEAK = `const seen = [];
export default { iteration(i) { seen.push({ id: i, samples: new Array(24).fill(i) }); } };
`;
const CLEAN = `let last = null;
export default { iteration(i) { last = { id: i, samples: new Array(24).fill(i) }; } };
`;

describe('the installed package', () => {
  it('installs from its tarball, and in a fresh folder judges a user folder, tells a leak from a clean workload, and serves the API and its types', async () => {
    const work = scratchDir('oomlab-package-');
    const packed = await sh('npm', ['pack', '--silent', '--pack-destination', work], projectRoot);
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);

    const app = join(work, 'app');
    mkdirSync(join(app, 'my-leak'), { recursive: true });
    mkdirSync(join(app, 'test'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
    // The same vitest as ours, from npm's cache when it is there.
    const vitest = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.vitest;
    const installed = await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `vitest@${vitest}`], app, 480_000);
    expect(installed.status, installed.stderr).toBe(0);

    writeFileSync(join(app, 'my-leak', 'buggy.mjs'), LEAK);
    writeFileSync(join(app, 'my-leak', 'fixed.mjs'), CLEAN);
    writeFileSync(join(app, 'leak.mjs'), LEAK);
    writeFileSync(join(app, 'clean.mjs'), CLEAN);

    // The user's folder, with no case.ts: buggy leaks, fixed is clean.
    const folder = await sh('npx', ['oomlab', 'case', './my-leak', '--json', '--no-report'], app);
    expect(folder.status, folder.stderr).toBe(0);
    const judged = JSON.parse(folder.stdout);
    expect(judged.variants.buggy.verdict).toBe('leak');
    expect(judged.variants.fixed.verdict).toBe('clean');
    expect(judged.variants.buggy.culprit.holder).toMatch(/^buggy\.mjs \(module\) → seen/);

    // One workload: exit 1 for the leak, 0 for the clean one, JSON with the culprit.
    const leak = await sh('npx', ['oomlab', 'run', 'leak.mjs', '--iterations', '100', '--json'], app);
    expect(leak.status, leak.stderr).toBe(1);
    expect(JSON.parse(leak.stdout)).toMatchObject({ verdict: 'leak', iterations: 100, culprit: { holder: expect.stringMatching(/^leak\.mjs \(module\) → seen/) } });
    const clean = await sh('npx', ['oomlab', 'run', 'clean.mjs', '--iterations', '100'], app);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/CLEAN: no leak found/);
    const help = await sh('npx', ['oomlab', '--help'], app);
    expect(help.stdout).toMatch(/usage: oomlab <command>/);

    // The API in the project's own vitest suite: a clean workload passes, a leaking one fails
    // with the summary; relative paths resolve against the working directory.
    writeFileSync(
      join(app, 'test', 'leaks.test.js'),
      `import { expect, it } from 'vitest';
import { assertNoLeak, measureLeak } from 'oomlab';
it('the clean workload passes', async () => { await assertNoLeak('clean.mjs', { iterations: 100 }); }, 120000);
it('the leaking workload fails with the summary', async () => {
  await expect(assertNoLeak('./leak.mjs', { iterations: 100 })).rejects.toThrow(/LEAK: it grows/);
  const report = await measureLeak('leak.mjs', { iterations: 100, budget: 1 });
  expect(report.budget).toEqual({ bytesPerIteration: 1, exceeded: true });
}, 120000);
`,
    );
    const suite = await sh('npx', ['vitest', 'run'], app, 480_000);
    expect(suite.status, suite.stdout + suite.stderr).toBe(0);
    expect(suite.stdout).toMatch(/2 passed/);

    // The types: a consumer compiled strictly, without skipLibCheck, against the declarations.
    writeFileSync(
      join(app, 'consumer.ts'),
      `import { measureLeak, type LeakReport, type Workload } from 'oomlab';
const workload: Workload = { iteration(i: number) { void i; } };
const report: LeakReport = await measureLeak('leak.mjs', { iterations: 10, budget: 64 });
const verdict: string = report.verdict;
export { workload, verdict };
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.ts'] }),
    );
    const tsc = await sh(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 900_000);
});

