// npm run devtools-oracle [-- --compare <snapshot>...] [--top N]
//
// Chrome DevTools' own figures, the reference users check ours against. Installs
// chrome-devtools-frontend (pinned below) into a temporary folder, bundles its heap-snapshot
// worker unmodified (esbuild; one generated file of i18n, locales.js, is stubbed), and loads
// snapshots with it in a child (devtools-runner.mjs).
//  - With no argument: writes test/fixtures/devtools-sizes.json, the shallow and retained sizes
//    DevTools gives the top retainers of the five planted fixtures. The test
//    (test/heap/analysis.test.ts) only reads that file: no network, no DevTools.
//  - With --compare: prints, for each snapshot given, how many of DevTools' top N have our
//    shallow and retained sizes to the byte, and the first differences.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { HeapAnalysis, readHeapSnapshot } from '../harness/heap/index.ts';
import { runChild } from '../harness/run/child-runner.ts';
import { table } from '../harness/text.ts';
import { parseCommandLine, runCli, UsageError, UserError, wholeNumber } from './cli.ts';

const USAGE = 'usage: npm run devtools-oracle [-- --compare <snapshot>...] [--top N]';
export const DEVTOOLS_PACKAGE = 'chrome-devtools-frontend@1.0.1705227';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURES = ['node18', 'node20', 'node22', 'node24', 'chromium'];
const ORACLE_FILE = join(ROOT, 'test/fixtures/devtools-sizes.json');
/** Installing is a 10 MB download; loading a large snapshot with DevTools takes a minute or two here. */
const STEP_LIMIT_MS = 20 * 60 * 1000;

/** [id, shallow size, retained size] of one node. */
type Row = [number, number, number];

await runCli('devtools-oracle', USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    compare: { type: 'boolean' },
    top: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.compare && positionals.length === 0) throw new UsageError('--compare needs at least one snapshot');
  if (!values.compare && positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const top = wholeNumber(values.top, '--top', 300);

  const scratch = mkdtempSync(join(tmpdir(), 'oomlab-devtools-'));
  try {
    const bundle = await bundleDevTools(scratch);
    if (!values.compare) {
      const oracle: Record<string, Record<string, [number, number]>> = {};
      for (const runtime of FIXTURES) {
        const rows = await devtoolsTop(bundle, join(ROOT, `test/fixtures/${runtime}-planted.heapsnapshot.gz`), top);
        oracle[runtime] = Object.fromEntries(rows.map(([id, shallow, retained]) => [String(id), [shallow, retained]]));
        process.stdout.write(`${runtime}: ${rows.length} nodes\n`);
      }
      writeFileSync(ORACLE_FILE, `${JSON.stringify({ devtools: DEVTOOLS_PACKAGE, top, sizes: oracle })}\n`);
      process.stdout.write(`Wrote ${ORACLE_FILE}\n`);
      return 0;
    }
    const lines: string[][] = [];
    const differences: string[] = [];
    for (const file of positionals) {
      const expected = await devtoolsTop(bundle, file, top);
      const analysis = new HeapAnalysis(await readHeapSnapshot(file));
      const { retainedSize } = analysis.dominators;
      let shallowEqual = 0;
      let retainedEqual = 0;
      for (const [id, shallow, retained] of expected) {
        const node = analysis.ordinalOfId(id);
        const ours = node < 0 ? null : { shallow: analysis.snapshot.selfSize(node), retained: retainedSize[node] };
        if (ours?.shallow === shallow) shallowEqual++;
        if (ours?.retained === retained) retainedEqual++;
        if ((ours?.shallow !== shallow || ours?.retained !== retained) && differences.length < 20) {
          const what = node < 0 ? 'missing' : `${analysis.snapshot.typeName(node)} ${JSON.stringify(analysis.snapshot.name(node).slice(0, 40))}`;
          differences.push(`${file} @${id} ${what}: shallow ${ours?.shallow} vs ${shallow}, retained ${ours?.retained} vs ${retained}`);
        }
      }
      const percent = (n: number): string => `${((100 * n) / expected.length).toFixed(1)} %`;
      lines.push([file, String(analysis.snapshot.nodeCount), String(expected.length), percent(retainedEqual), percent(shallowEqual)]);
    }
    process.stdout.write(`${table(['snapshot', 'nodes', 'top', 'retained size equal', 'shallow size equal'], lines, new Set([1, 2, 3, 4]))}\n`);
    if (differences.length > 0) process.stdout.write(`\nFirst differences (ours vs DevTools):\n${differences.join('\n')}\n`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

/** Installs DevTools into `scratch` and bundles its heap-snapshot worker; the bundle's path. */
async function bundleDevTools(scratch: string): Promise<string> {
  process.stdout.write(`Installing ${DEVTOOLS_PACKAGE} into ${scratch} ...\n`);
  const install = await runChild({
    start: { spawn: 'npm' },
    args: ['install', '--prefix', scratch, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', DEVTOOLS_PACKAGE],
    cwd: scratch,
    timeLimitMs: STEP_LIMIT_MS,
  });
  if (install.code !== 0) throw new UserError(`npm install ${DEVTOOLS_PACKAGE} failed: ${install.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const worker = join(scratch, 'node_modules/chrome-devtools-frontend/front_end/entrypoints/heap_snapshot_worker/heap_snapshot_worker.ts');
  const outfile = join(scratch, 'devtools-heap-snapshot-worker.mjs');
  await build({
    entryPoints: [worker],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
    plugins: [
      {
        // i18n imports a file DevTools' build generates: the list of locales. English only.
        name: 'devtools-locales',
        setup(builder) {
          builder.onResolve({ filter: /^\.\/locales\.js$/ }, () => ({ path: 'locales', namespace: 'devtools-locales' }));
          builder.onLoad({ filter: /.*/, namespace: 'devtools-locales' }, () => ({
            loader: 'js',
            contents:
              "export const LOCALES = ['en-US']; export const BUNDLED_LOCALES = ['en-US']; export const DEFAULT_LOCALE = 'en-US';" +
              " export const LOCAL_FETCH_PATTERN = ''; export const REMOTE_FETCH_PATTERN = '';",
          }));
        },
      },
    ],
  });
  return outfile;
}

/** DevTools' [id, shallow, retained] of the `top` largest retainers of one snapshot. */
async function devtoolsTop(bundle: string, file: string, top: number): Promise<Row[]> {
  const runner = fileURLToPath(new URL('./devtools-runner.mjs', import.meta.url));
  const outcome = await runChild({
    start: { spawn: process.execPath },
    args: ['--max-old-space-size=16384', runner, bundle, file, String(top)],
    timeLimitMs: STEP_LIMIT_MS,
    outputTail: 64 * 1024 * 1024,
  });
  if (outcome.code !== 0) throw new UserError(`DevTools could not load ${file}: ${outcome.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(outcome.stdout.trim().split('\n').pop()!) as Row[];
}
