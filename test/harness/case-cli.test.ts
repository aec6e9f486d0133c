import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runScript } from '../helpers/run-script.ts';
import { scratchDir } from '../helpers/scratch.ts';

describe.concurrent('npm run case', () => {
  it('case 1 end to end: buggy leaks its frames (native backing stores), fixed is clean', async () => {
    const started = Date.now();
    const result = await runScript('case', ['1', '--json']);
    const seconds = (Date.now() - started) / 1000;
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.case).toMatchObject({ id: 1, slug: 'frame-subarray', family: 'dangling-views', signal: 'growth' });
    expect(doc.ok).toBe(true);
    expect(doc.culpritMatches).toBe(true);
    const { buggy, fixed } = doc.variants;
    expect(buggy.verdict).toBe('leak');
    expect(buggy.culprit).toMatchObject({ type: 'native', name: 'system / JSArrayBufferData' });
    expect(buggy.culprit.offHeapSize).toBeGreaterThan(2 * 1024 * 1024);
    expect(buggy.culprit.path.map((s: { node: { name: string } }) => s.node.name)).toEqual(
      expect.arrayContaining(['DedupeIndex', 'Buffer', 'ArrayBuffer', 'system / JSArrayBufferData']),
    );
    expect(buggy.bytesPerIteration).toBeGreaterThan(50 * 1024);
    // The ids array holds every pinned store: all of them, keyed by index.
    expect(buggy.culprit.holder).toBe('buggy.ts (module) → index.ids[…]');
    expect(buggy.culprit.holderShare).toEqual({ count: buggy.culprit.count, of: buggy.culprit.count });
    expect(buggy.pattern.id).toBe('buffer-view');
    expect(buggy.culprit.path.some((s: { node: { type: string } }) => s.node.type === 'code')).toBe(false);
    expect(fixed.verdict).toBe('clean');
    expect(fixed.culprit).toBeNull();
    expect(Math.abs(fixed.bytesPerIteration)).toBeLessThan(48);
    for (const v of [buggy, fixed]) {
      expect(v.iterations).toBe(40);
      expect(v.timeline.length).toBeGreaterThan(10);
      // 10 warm-up frames and four intervals of 40: 170 frames, one in ten a duplicate.
      expect(v.metrics).toMatchObject({ delivered: 153, duplicates: 17 });
      expect(v.snapshotIterations).toEqual([10, 50, 90, 130, 170]);
      expect(typeof v.stderr).toBe('string');
    }
    expect(seconds).toBeGreaterThan(0); // timing itself is the benchmark's job, not a test's
  });

  it('finds a case by slug and runs one variant', async () => {
    const result = await runScript('case', ['frame-subarray', '--variant', 'fixed', '--json']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(Object.keys(doc.variants)).toEqual(['fixed']);
    expect(doc.variants.fixed.verdict).toBe('clean');
  });

  it("runs the user's own folder without case.ts: buggy leaks, fixed is clean", async () => {
    const result = await runScript('case', ['./test/workloads/my-leak']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/buggy\s.*\n/);
    expect(result.stdout).toMatch(/LEAK \(expected leak\), as expected/);
    expect(result.stdout).toMatch(/CLEAN \(expected clean\), as expected/);
    expect(result.stdout).toMatch(/\{sessions\} -> Map/);
  });

  it('says NOT OK and exits 1 when a verdict is not what is expected', async () => {
    // A folder whose "fixed" variant leaks as much as its buggy one.
    const json = await runScript('case', ['./test/harness/fixtures/leaky-fixed', '--json', '--no-report']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).ok).toBe(false);
  });


  it('rejects unknown cases with one line listing the cases, exit 2', async () => {
    const result = await runScript('case', ['99']);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/no case '99'\. Cases: 1 frame-subarray/);
    expect((await runScript('case', ['1', '--variant', 'both'])).status).toBe(2);
    expect((await runScript('case', ['1', '--iterations', '0'])).status).toBe(2);
    expect((await runScript('case', [])).status).toBe(2);
  });

  it('rejects a folder without variants', async () => {
    const result = await runScript('case', ['./test/workloads']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/has no buggy\.ts or fixed\.ts/);
  });
});

describe.concurrent('reports that cannot be written, and bad files in the reports folder', () => {
  it('--json still prints the whole result when the reports folder cannot be written; the failure is one line on stderr, exit 1', async () => {
    const file = `${scratchDir('oomlab-notdir-')}/a-file`;
    writeFileSync(file, 'not a folder');
    const result = await runScript('case', ['8', '--variant', 'fixed', '--iterations', '40', '--json'], { env: { OOMLAB_REPORTS_DIR: `${file}/reports` } });
    expect(result.status, result.stderr).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.variants.fixed.verdict).toBe('clean');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^case: could not write the reports in .*ENOTDIR/);
  });

  it('--oom too: the summary is printed, without a report line, and the failure is one line on stderr, exit 1', async () => {
    const file = `${scratchDir('oomlab-notdir-')}/a-file`;
    writeFileSync(file, 'not a folder');
    const result = await runScript('case', ['2', '--oom'], { env: { OOMLAB_REPORTS_DIR: `${file}/reports` }, timeout: 120_000 });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^ {2}forecast from the first/m);
    expect(result.stdout).not.toMatch(/^Report: /m);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^case: could not write the reports in .*ENOTDIR/);
  }, 150_000);

  it('a result.json holding null (or any wrong shape) is left out of the index, and later runs still work', async () => {
    const reports = scratchDir('oomlab-badindex-');
    for (const [folder, text] of [['01-null', 'null'], ['02-array', '[]'], ['03-partial', '{"case":{"id":3}}'], ['04-broken', '{']]) {
      mkdirSync(`${reports}/${folder}`);
      writeFileSync(`${reports}/${folder}/result.json`, text);
    }
    const result = await runScript('case', ['8', '--iterations', '40'], { env: { OOMLAB_REPORTS_DIR: reports } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const index = readFileSync(`${reports}/index.md`, 'utf8');
    expect(index).toMatch(/\[8 map-cache\]/);
    expect(index).not.toMatch(/01-null|02-array|03-partial|04-broken/);

    // A run of one variant writes beside it, in <NN-slug>/<variant>/: the pair's report stays.
    const one = await runScript('case', ['8', '--variant', 'fixed', '--iterations', '40'], { env: { OOMLAB_REPORTS_DIR: reports } });
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/Report: .*08-map-cache\/fixed\/report\.html/);
    expect(Object.keys(JSON.parse(readFileSync(`${reports}/08-map-cache/result.json`, 'utf8')).variants)).toEqual(['buggy', 'fixed']);
    expect(Object.keys(JSON.parse(readFileSync(`${reports}/08-map-cache/fixed/result.json`, 'utf8')).variants)).toEqual(['fixed']);
  });
});

// Apart from the concurrent runs above: three more runs at once pushed them past their time limit.
describe('npm run case --expect', () => {
  it('--expect: a folder without case.ts that is a trap (both clean) is OK when so expected', async () => {
    const dir = './test/harness/fixtures/both-clean';
    const [plain, expected, pairs] = await Promise.all([
      runScript('case', [dir, '--iterations', '40', '--no-report']),
      runScript('case', [dir, '--iterations', '40', '--no-report', '--expect', 'clean']),
      runScript('case', [dir, '--iterations', '40', '--json', '--no-report', '--expect', 'buggy=clean,fixed=clean']),
    ]);
    expect(plain.status).toBe(1);
    expect(plain.stdout).toMatch(/NOT OK/);
    expect(expected.status, expected.stdout).toBe(0);
    expect(expected.stdout).toMatch(/CLEAN \(expected clean\), as expected +CLEAN \(expected clean\), as expected/);
    expect(JSON.parse(pairs.stdout)).toMatchObject({ ok: true, variants: { buggy: { expected: 'clean' }, fixed: { expected: 'clean' } } });
    const bad = await runScript('case', ['./test/harness/fixtures/both-clean', '--expect', 'buggy=leaky']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe("case: --expect takes leak, clean or high-water, for both variants or as buggy=V,fixed=V; not 'buggy=leaky'");
  }, 180_000);
});
