// npm run bench [-- --runs N] [--regenerate] [--scale X] [--memlab] [--no-json-parse] [--one-thread] [--scaling] [FILE ...]
//
// The analyzer as users run it: `oomlab analyze FILE --json`, from process start to exit, out
// of the package as `npm pack` builds it and npm installs it (into bench/.data/installed/),
// beside memlab's full load of the same file (--memlab; memlab is installed from npm into
// bench/.data/memlab/ the first time) and JSON.parse of the file alone. Each command runs in a
// fresh process, the commands alternate, several runs: the machine is shared, so medians and
// ratios from one run are what to read. The analyzer's phases (start-up, parse, dominators,
// summary, retainer path, printing) are marks it sets, read at exit by bench/exit-report.mjs.
//
// --one-thread: also the same command with OOMLAB_THREADS=1 (the whole parse on one thread),
// alternating with the default (`edges` on a worker), with the ratio of the two.
//
// --scaling: heaps of about 1x, 2x and 4x the edges (make-heap.cjs at scale X/4, X/2, X), the
// analyzer's time per million edges on each: it must stay flat (linear in edges).
//
// Heaps: the FILEs given, or two generated once into bench/.data/ (git-ignored): a ~280 MB
// heap of many small objects (make-heap.cjs, --scale) and a TypeScript compiler's heap
// (make-tsc-heap.cjs), written by the Node running the bench.

import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runChild } from '../harness/run/child-runner.ts';
import { formatBytes, table } from '../harness/text.ts';
import { median } from '../harness/verdict/trend.ts';
import { parseCommandLine, wholeNumber, runCli, UsageError, UserError } from '../scripts/cli.ts';

const USAGE = 'usage: npm run bench [-- --runs N] [--regenerate] [--scale X] [--memlab] [--no-json-parse] [--one-thread] [--scaling] [FILE ...]';
/** The memlab release the analyzer is held against (issue 22: at least 5 times faster). */
const MEMLAB = 'memlab@2.0.5';
/** A bench step is allowed this long: generating a snapshot takes minutes on this machine. */
const STEP_LIMIT_MS = 30 * 60 * 1000;
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
/** The analyzer's phase marks (scripts/analyze.ts, heap/overview.ts), in order. */
const PHASES = [
  ['start-up', 'oomlab:started'],
  ['parse', 'oomlab:parsed'],
  ['dominators', 'oomlab:dominators'],
  ['summary', 'oomlab:summary'],
  ['path', 'oomlab:path'],
  ['print', 'oomlab:printed'],
] as const;

interface Measurement {
  /** Wall time from spawning the process to its exit. */
  seconds: number;
  peakRss: number;
  /** Seconds per phase (the analyzer only); 'exit' is from the last mark to exit. */
  phases?: Record<string, number>;
  /** Peak RSS reached by the end of each phase (the analyzer only): the phase that sets the peak. */
  peakByPhase?: Record<string, number>;
  error?: string | null;
}

await runCli('bench', USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    runs: { type: 'string' },
    regenerate: { type: 'boolean' },
    scale: { type: 'string' },
    memlab: { type: 'boolean' },
    'no-json-parse': { type: 'boolean' },
    'one-thread': { type: 'boolean' },
    scaling: { type: 'boolean' },
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
  const files = positionals.length ? positionals : [`${dataDir}bench-${scale}.heapsnapshot`, `${dataDir}tsc.heapsnapshot`];
  for (const file of positionals) if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`no snapshot file ${file}`);
  if (!positionals.length) {
    const writers: Array<[string, string[]]> = [
      [files[0], ['--max-old-space-size=4096', here('./make-heap.cjs'), files[0], String(scale)]],
      [files[1], ['--max-old-space-size=8192', here('./make-tsc-heap.cjs'), files[1], '1']],
    ];
    for (const [file, args] of writers) {
      if (!values.regenerate && existsSync(file)) continue;
      process.stdout.write(`Writing a benchmark snapshot to ${file} (Node ${process.version}) ...\n`);
      await run(process.execPath, args);
    }
  }
  const memlab = values.memlab ? await installMemlab(`${dataDir}memlab`) : null;
  const oomlab = await installPackage(dataDir);
  process.stdout.write(`The command: ${oomlab}\nRuns: ${runs} of each, alternating, each in a fresh process.\n`);

  const analyze = (file: string): string[] => [process.execPath, '--import', here('./exit-report.mjs'), oomlab, 'analyze', file, '--json', '--top', '10'];
  for (const file of files) {
    const size = statSync(file).size;
    const counts = /"node_count":(\d+),"edge_count":(\d+)/.exec(firstBytes(file, 2000).toString('latin1'));
    process.stdout.write(`\n${file}: ${(size / 1e6).toFixed(1)} MB, ${counts?.[1] ?? '?'} nodes, ${counts?.[2] ?? '?'} edges\n`);
    const ours: Measurement[] = [];
    const baseline: Measurement[] = [];
    const memlabRuns: Measurement[] = [];
    const single: Measurement[] = [];
    for (let i = 1; i <= runs; i++) {
      ours.push(await timeCommand(analyze(file)));
      if (values['one-thread']) single.push(await timeCommand(analyze(file), { OOMLAB_THREADS: '1' }));
      if (!values['no-json-parse']) baseline.push(await measure([process.execPath, '--max-old-space-size=8192', here('./measure-json-parse.cjs'), file]));
      if (memlab) memlabRuns.push(await measure([process.execPath, '--max-old-space-size=16384', here('./measure-memlab.cjs'), memlab, file]));
      const last = ours[ours.length - 1];
      process.stdout.write(
        `  run ${i}: oomlab analyze ${last.seconds.toFixed(2)} s (${phaseList(last)})` +
          `${baseline.length ? `, JSON.parse ${baseline[baseline.length - 1].seconds.toFixed(2)} s` : ''}` +
          `${memlab ? `, memlab ${memlabRuns[memlabRuns.length - 1].seconds.toFixed(2)} s` : ''}` +
          `${single.length ? `; one thread ${single[single.length - 1].seconds.toFixed(2)} s (${phaseList(single[single.length - 1])})` : ''}\n`,
      );
    }
    const mb = size / 1e6;
    const row = (name: string, m: Measurement[]): string[] => {
      const seconds = median(m.map((x) => x.seconds));
      const rss = Math.max(...m.map((x) => x.peakRss));
      return [name, `${seconds.toFixed(2)} s`, `${(mb / seconds).toFixed(0)} MB/s`, formatBytes(rss), `${(rss / size).toFixed(2)}x`];
    };
    const rows = [row('oomlab analyze FILE --json (process start to exit)', ours)];
    if (baseline.length) rows.push(row('JSON.parse of the file alone (process start to exit)', baseline));
    if (memlab) rows.push(row(`${MEMLAB}: getFullHeapFromFile + top retainer (process start to exit)`, memlabRuns));
    if (single.length) rows.push(row('the same, OOMLAB_THREADS=1 (parse on one thread)', single));
    process.stdout.write(`\n${table(['', 'median time', 'throughput', 'peak RSS (max)', 'peak RSS / file'], rows, new Set([1, 2, 3, 4]))}\n`);
    const phaseNames = Object.keys(ours[0].phases ?? {});
    const phaseMedians = (m: Measurement[]): string => phaseNames.map((p) => `${p} ${median(m.map((o) => o.phases?.[p] ?? 0)).toFixed(2)}`).join(', ');
    process.stdout.write(`\nPhases of oomlab analyze, median seconds: ${phaseMedians(ours)}\n`);
    if (single.length) process.stdout.write(`Phases with OOMLAB_THREADS=1, median seconds: ${phaseMedians(single)}\n`);
    process.stdout.write(
      `Peak RSS by the end of each phase, max: ${phaseNames.map((p) => `${p} ${formatBytes(Math.max(...ours.map((o) => o.peakByPhase?.[p] ?? 0)))}`).join(', ')}\n`,
    );
    const ratio = (a: Measurement[], b: Measurement[]): number => median(a.map((x, i) => x.seconds / b[i].seconds));
    process.stdout.write(
      (baseline.length ? `oomlab / JSON.parse time, median of per-run ratios: ${ratio(ours, baseline).toFixed(2)}\n` : '') +
        (memlab ? `memlab / oomlab time, median of per-run ratios: ${ratio(memlabRuns, ours).toFixed(2)}  (target >= 5)\n` : '') +
        `oomlab peak RSS / file size: ${(Math.max(...ours.map((o) => o.peakRss)) / size).toFixed(2)}  (target <= 1.3)\n`,
    );
    if (single.length) {
      const parse = (m: Measurement): number => m.phases?.parse ?? NaN;
      process.stdout.write(
        `one thread / default, median of per-run ratios: time ${ratio(single, ours).toFixed(2)}, parse phase ` +
          `${median(single.map((x, i) => parse(x) / parse(ours[i]))).toFixed(2)}\n`,
      );
    }
    if (memlabRuns.some((m) => m.error)) process.stdout.write(`memlab failed: ${memlabRuns.find((m) => m.error)!.error}\n`);
    if (baseline.some((b) => b.error)) process.stdout.write(`JSON.parse failed: ${baseline.find((b) => b.error)!.error}\n`);
  }
  if (values.scaling) await scalingCheck(dataDir, scale, runs, analyze, values.regenerate === true);
  if (positionals.length) return 0;
  // A queue of 32,000 Buffers against the same chain without them: off-heap retained sizes
  // once climbed the chain per store (quadratic); the two must now take about as long.
  const chainTimes: number[] = [];
  for (const buffers of [1, 0]) {
    const chain = `${dataDir}chain-${buffers ? 'buffers' : 'plain'}.heapsnapshot`;
    if (values.regenerate || !existsSync(chain)) await run(process.execPath, [here('./make-chain.cjs'), chain, '32000', String(buffers)]);
    const seconds: number[] = [];
    for (let i = 0; i < 3; i++) seconds.push((await timeCommand(analyze(chain))).seconds);
    chainTimes.push(median(seconds));
  }
  process.stdout.write(
    `\nA chain of 32,000 links holding a Buffer each: ${chainTimes[0].toFixed(2)} s; the same chain without Buffers: ` +
      `${chainTimes[1].toFixed(2)} s (oomlab analyze, median of 3; ratio ${(chainTimes[0] / chainTimes[1]).toFixed(2)}).\n`,
  );
  return 0;
});

/**
 * The package as users get it: `npm pack` (its prepack builds the JavaScript and the types),
 * then `npm install` of the tarball into `<dataDir>installed/`. Returns its `oomlab` command.
 */
async function installPackage(dataDir: string): Promise<string> {
  const root = here('../');
  const packDir = `${dataDir}pack/`;
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  process.stdout.write('Packing and installing oomlab as users get it ...\n');
  const pack = await runChild({ start: { spawn: 'npm' }, args: ['pack', '--pack-destination', packDir, '--silent'], cwd: root, timeLimitMs: STEP_LIMIT_MS });
  if (pack.code !== 0) throw new UserError(`npm pack failed: ${pack.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new UserError('npm pack wrote no tarball');
  const installed = `${dataDir}installed`;
  rmSync(installed, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  const install = await runChild({
    start: { spawn: 'npm' },
    args: ['install', '--prefix', installed, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `${packDir}${tarball}`],
    timeLimitMs: STEP_LIMIT_MS,
  });
  if (install.code !== 0) throw new UserError(`npm install of the packed oomlab failed: ${install.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return `${installed}/node_modules/oomlab/bin/oomlab.js`;
}

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

/** Runs one command of the bench to its end (harness/run starts every process). */
async function run(command: string, args: string[], env?: Record<string, string>): Promise<{ stdout: string; stderr: string; seconds: number }> {
  const outcome = await runChild({ start: { spawn: command }, args, env, timeLimitMs: STEP_LIMIT_MS, outputTail: 4096 });
  if (outcome.code !== 0) {
    const why = outcome.timedOut ? 'timed out' : outcome.spawnError?.message ?? `exited with code ${outcome.code ?? outcome.signal}`;
    throw new UserError(`${[command, ...args].join(' ').slice(0, 200)} ${why}: ${outcome.stderr.trim().split('\n').pop() ?? ''}`);
  }
  return outcome;
}

/** A measurement process of its own (JSON.parse, memlab): its wall time, its peak RSS from the JSON line it prints. */
async function measure(command: string[]): Promise<Measurement> {
  const outcome = await run(command[0], command.slice(1));
  const reported = JSON.parse(outcome.stdout.trim().split('\n').pop()!) as Measurement;
  return { ...reported, seconds: outcome.seconds };
}

/**
 * Time per million edges on heaps of about 1x, 2x and 4x the edges, the same kind of heap
 * (make-heap.cjs): the analyzer's work must grow linearly with the edges. Start-up is left out
 * (it does not grow with the heap).
 */
async function scalingCheck(dataDir: string, scale: number, runs: number, analyze: (file: string) => string[], regenerate: boolean): Promise<void> {
  const rows: string[][] = [];
  let first = 0;
  let previous: { edges: number; seconds: number } | null = null;
  for (const factor of [0.25, 0.5, 1]) {
    const s = Number((scale * factor).toFixed(3));
    const file = `${dataDir}bench-${s}.heapsnapshot`;
    if (regenerate || !existsSync(file)) {
      process.stdout.write(`Writing a benchmark snapshot to ${file} (Node ${process.version}) ...\n`);
      await run(process.execPath, ['--max-old-space-size=4096', here('./make-heap.cjs'), file, String(s)]);
    }
    const edges = Number(/"edge_count":(\d+)/.exec(firstBytes(file, 2000).toString('latin1'))?.[1] ?? NaN);
    const seconds: number[] = [];
    const parse: number[] = [];
    for (let i = 0; i < runs; i++) {
      const m = await timeCommand(analyze(file));
      seconds.push(m.seconds - (m.phases?.['start-up'] ?? 0));
      parse.push(m.phases?.parse ?? NaN);
    }
    const perMillion = (median(seconds) / edges) * 1e6;
    first ||= perMillion;
    // The slope: what each further million edges cost over the previous heap. Linear work has
    // one slope; fixed costs (the JIT, the first GCs) only lower the time per M on larger heaps.
    const slope = previous ? ((median(seconds) - previous.seconds) / (edges - previous.edges)) * 1e6 : NaN;
    previous = { edges, seconds: median(seconds) };
    rows.push([
      `scale ${s}`,
      `${(edges / 1e6).toFixed(2)} M`,
      `${median(seconds).toFixed(2)} s`,
      `${((median(parse) / edges) * 1e6).toFixed(3)} s`,
      `${perMillion.toFixed(3)} s`,
      `${(perMillion / first).toFixed(2)}`,
      Number.isNaN(slope) ? '' : `${slope.toFixed(3)} s`,
    ]);
  }
  process.stdout.write(
    `\nLinear in edges (oomlab analyze, start-up left out, median of ${runs}):\n` +
      `${table(['heap', 'edges', 'time', 'parse / M edges', 'time / M edges', 'vs the smallest', 'each further M edges'], rows, new Set([1, 2, 3, 4, 5, 6]))}\n`,
  );
}

function phaseList(m: Measurement): string {
  return Object.entries(m.phases ?? {}).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
}

/** A command as users run it: wall time, and the phases and peak RSS that exit-report.mjs prints. */
async function timeCommand(command: string[], env?: Record<string, string>): Promise<Measurement> {
  const outcome = await run(command[0], command.slice(1), env);
  const report = JSON.parse(outcome.stderr.trim().split('\n').pop()!) as {
    marks: Record<string, number>;
    peakAtMark: Record<string, number>;
    exitMs: number;
    peakRss: number;
  };
  const phases: Record<string, number> = {};
  const peakByPhase: Record<string, number> = {};
  let previous = 0;
  for (const [name, mark] of PHASES) {
    const at = report.marks[mark];
    if (at === undefined) continue;
    phases[name] = (at - previous) / 1000;
    peakByPhase[name] = report.peakAtMark[mark];
    previous = at;
  }
  phases.exit = (report.exitMs - previous) / 1000;
  peakByPhase.exit = report.peakRss;
  return { seconds: outcome.seconds, peakRss: report.peakRss, phases, peakByPhase };
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
