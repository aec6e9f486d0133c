// npm run bench [-- --runs N] [--regenerate] [--scale X] [--snapshot FILE] [--memlab]
//
// The analyzer's speed and memory on a large real snapshot, side by side with JSON.parse of
// the same file and, with --memlab, with memlab's full load (memlab is installed from npm
// into bench/.data/memlab/ the first time), each in a fresh process, alternating, several
// runs (the machine is shared: medians and ratios from one run are what to read). The
// snapshot is generated once into bench/.data/ (git-ignored) by a child that builds a
// ~280 MB heap and writes it with V8; --snapshot FILE measures another one instead.

import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { runChild } from '../harness/run/child-runner.ts';
import { formatBytes, table } from '../harness/text.ts';
import { median } from '../harness/verdict/trend.ts';
import { parseCommandLine, wholeNumber, runCli, UsageError, UserError } from '../scripts/cli.ts';

const USAGE = 'usage: npm run bench [-- --runs N] [--regenerate] [--scale X] [--snapshot FILE] [--memlab]';
/** The memlab release the analyzer is held against (issue 15: at least 5 times faster). */
const MEMLAB = 'memlab@2.0.5';
/** A bench step is allowed this long: generating the snapshot takes minutes on this machine. */
const STEP_LIMIT_MS = 30 * 60 * 1000;
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

interface Measurement {
  seconds: number;
  peakRss: number;
  error?: string | null;
  parseSeconds?: number;
  dominatorSeconds?: number;
  summarySeconds?: number;
}

await runCli('bench', USAGE, async () => {
  const { values } = parseCommandLine(process.argv.slice(2), {
    runs: { type: 'string' },
    regenerate: { type: 'boolean' },
    scale: { type: 'string' },
    snapshot: { type: 'string' },
    memlab: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const runs = wholeNumber(values.runs, '--runs', 3);
  const scale = values.scale === undefined ? 2.2 : Number(values.scale);
  if (!(scale > 0)) throw new UsageError(`--scale takes a positive number, not '${String(values.scale)}'`);

  const dataDir = here('./.data/');
  mkdirSync(dataDir, { recursive: true });
  let file = `${dataDir}bench-${scale}.heapsnapshot`;
  if (typeof values.snapshot === 'string') {
    file = values.snapshot;
    if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`no snapshot file ${file}`);
  } else if (values.regenerate || !existsSync(file)) {
    process.stdout.write(`Writing a benchmark snapshot (scale ${scale}) to ${file} ...\n`);
    const t0 = performance.now();
    await run(process.execPath, ['--max-old-space-size=4096', here('./make-heap.cjs'), file, String(scale)]);
    process.stdout.write(`  written in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const memlab = values.memlab ? await installMemlab(`${dataDir}memlab`) : null;
  const size = statSync(file).size;
  const header = firstBytes(file, 2000).toString('latin1');
  const counts = /"node_count":(\d+),"edge_count":(\d+)/.exec(header);
  process.stdout.write(
    `Snapshot: ${formatBytes(size)} (${(size / 1e6).toFixed(1)} MB), ${counts?.[1] ?? '?'} nodes, ${counts?.[2] ?? '?'} edges\n` +
      `Runs: ${runs} of each, alternating, each in a fresh process.\n\n`,
  );

  // The analyzer runs as plain JavaScript, as memlab and JSON.parse do: bundled once here, so
  // that the TypeScript loader's own memory (a hooks thread, ~40 MB) is not counted as ours.
  const bundle = `${dataDir}measure-analyzer.mjs`;
  buildSync({ entryPoints: [here('./measure-analyzer.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'error' });

  const ours: Measurement[] = [];
  const baseline: Measurement[] = [];
  const memlabRuns: Measurement[] = [];
  for (let run = 1; run <= runs; run++) {
    ours.push(await measure([process.execPath, bundle, file]));
    baseline.push(await measure([process.execPath, '--max-old-space-size=8192', here('./measure-json-parse.cjs'), file]));
    if (memlab) memlabRuns.push(await measure([process.execPath, '--max-old-space-size=16384', here('./measure-memlab.cjs'), memlab, file]));
    const last = ours[ours.length - 1];
    process.stdout.write(
      `  run ${run}: oomlab ${last.seconds.toFixed(2)} s (parse ${last.parseSeconds?.toFixed(2)}, dominators ` +
        `${last.dominatorSeconds?.toFixed(2)}, summary ${last.summarySeconds?.toFixed(2)}), ` +
        `JSON.parse ${baseline[baseline.length - 1].seconds.toFixed(2)} s` +
        `${memlab ? `, memlab ${memlabRuns[memlabRuns.length - 1].seconds.toFixed(2)} s` : ''}\n`,
    );
  }
  const mb = size / 1e6;
  const row = (name: string, m: Measurement[]): string[] => {
    const seconds = median(m.map((x) => x.seconds));
    const rss = Math.max(...m.map((x) => x.peakRss));
    return [name, `${seconds.toFixed(2)} s`, `${(mb / seconds).toFixed(0)} MB/s`, formatBytes(rss), `${(rss / size).toFixed(2)}x`];
  };
  const rows = [row('oomlab: parse + dominators + retained sizes + top list', ours), row('JSON.parse of the file alone', baseline)];
  if (memlab) rows.push(row(`${MEMLAB}: getFullHeapFromFile + top retainer`, memlabRuns));
  process.stdout.write(`\n${table(['', 'median time', 'throughput', 'peak RSS (max)', 'peak RSS / file'], rows, new Set([1, 2, 3, 4]))}\n`);
  const ratio = (a: Measurement[], b: Measurement[]): number => median(a.map((x, i) => x.seconds / b[i].seconds));
  process.stdout.write(
    `\noomlab / JSON.parse time, median of per-run ratios: ${ratio(ours, baseline).toFixed(2)}\n` +
      (memlab ? `memlab / oomlab time, median of per-run ratios: ${ratio(memlabRuns, ours).toFixed(2)}  (target >= 5)\n` : '') +
      `oomlab peak RSS / file size: ${(Math.max(...ours.map((o) => o.peakRss)) / size).toFixed(2)}  (target <= 1.3)\n`,
  );
  if (memlabRuns.some((m) => m.error)) process.stdout.write(`memlab failed: ${memlabRuns.find((m) => m.error)!.error}\n`);
  if (baseline.some((b) => b.error)) process.stdout.write(`JSON.parse failed: ${baseline.find((b) => b.error)!.error}\n`);
  // A queue of 32,000 Buffers against the same chain without them: off-heap retained sizes
  // once climbed the chain per store (quadratic); the two must now take about as long.
  const chains: string[] = [];
  for (const buffers of [1, 0]) {
    const chain = `${dataDir}chain-${buffers ? 'buffers' : 'plain'}.heapsnapshot`;
    if (values.regenerate || !existsSync(chain)) await run(process.execPath, [here('./make-chain.cjs'), chain, '32000', String(buffers)]);
    chains.push(chain);
  }
  const chainTimes: number[] = [];
  for (const chain of chains) {
    const seconds: number[] = [];
    for (let i = 0; i < 3; i++) seconds.push((await measure([process.execPath, bundle, chain])).seconds);
    chainTimes.push(median(seconds));
  }
  process.stdout.write(
    `A chain of 32,000 links holding a Buffer each: ${chainTimes[0].toFixed(2)} s; the same chain without Buffers: ` +
      `${chainTimes[1].toFixed(2)} s (median of 3; ratio ${(chainTimes[0] / chainTimes[1]).toFixed(2)}).\n`,
  );
  const viaTsx = await measure([process.execPath, '--import', 'tsx', here('./measure-analyzer.ts'), file]);
  process.stdout.write(
    `Under the tsx loader, as \`npm run analyze\` runs: ${viaTsx.seconds.toFixed(2)} s, peak RSS ${formatBytes(viaTsx.peakRss)} ` +
      `(${(viaTsx.peakRss / size).toFixed(2)}x the file).\n`,
  );
  return 0;
});

/**
 * Installs memlab into `folder` once (kept: bench/.data/ is git-ignored). Its browser download
 * is skipped: only its heap analysis is run, and this machine may not reach the download.
 */
async function installMemlab(folder: string): Promise<string> {
  if (existsSync(`${folder}/node_modules/@memlab/heap-analysis`)) return folder;
  process.stdout.write(`Installing ${MEMLAB} into ${folder} (its heap analysis only; no browser) ...\n`);
  mkdirSync(folder, { recursive: true });
  const outcome = await runChild({
    start: { spawn: 'npm' },
    args: ['install', '--prefix', folder, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', MEMLAB],
    env: { PUPPETEER_SKIP_DOWNLOAD: '1' },
    timeLimitMs: STEP_LIMIT_MS,
  });
  if (outcome.code !== 0) throw new UserError(`npm install ${MEMLAB} failed: ${outcome.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return folder;
}


/** Runs one command of the bench to its end (harness/run starts every process); its stdout. */
async function run(command: string, args: string[]): Promise<string> {
  const outcome = await runChild({ start: { spawn: command }, args, timeLimitMs: STEP_LIMIT_MS });
  if (outcome.code !== 0) {
    const why = outcome.timedOut ? 'timed out' : outcome.spawnError?.message ?? `exited with code ${outcome.code ?? outcome.signal}`;
    throw new UserError(`${[command, ...args].join(' ').slice(0, 200)} ${why}: ${outcome.stderr.trim().split('\n').pop() ?? ''}`);
  }
  return outcome.stdout;
}

/** One measurement process: it prints one JSON line, the last of its output. */
async function measure(command: string[]): Promise<Measurement> {
  const out = await run(command[0], command.slice(1));
  return JSON.parse(out.trim().split('\n').pop()!) as Measurement;
}

function firstBytes(file: string, count: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(count);
    return buffer.subarray(0, readSync(fd, buffer, 0, count, 0));
  } finally {
    closeSync(fd);
  }
}
