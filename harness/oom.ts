// `npm run case <n> -- --oom`: watch the buggy variant die under a memory cap, the way
// production sees it, and the fixed one live under the same cap for at least as long.
//
// On-heap leaks die of V8's own heap limit (--max-old-space-size), with a snapshot V8 writes
// near the limit (--heapsnapshot-near-heap-limit). Off-heap leaks (ArrayBuffer memory) are
// not bounded by V8's heap limit: the parent watches the child's resident memory and kills it
// at the cap, as a container's OOM killer would, after asking it for a snapshot at 90%.

import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseFolder } from './catalog.ts';
import type { ChildConfig, ChildMessage, ParentMessage, Sample } from './run/protocol.ts';
import { makeTempDir, removeTempDir, supervise } from './run/supervise.ts';
import { isOutOfMemory, TSX_LOADER } from './run/child-runner.ts';
import { Analysis, readHeapSnapshot, retainerPath, summarizeClasses, topRetainers, objectStats, totalSelfSize } from './heap/index.ts';
import type { ClassStats, ObjectStats, PathStep } from './heap/index.ts';
import { formatPath, SYSTEM_DISTANCE } from './heap/paths.ts';
import { formatBytes } from './text.ts';

const CHILD = fileURLToPath(new URL('./run/child.ts', import.meta.url));

export interface OomCap {
  kind: 'heap' | 'rss';
  mb: number;
}

export interface NearDeath {
  iteration: number | null;
  totalSelfSize: number;
  classes: ClassStats[];
  top: ObjectStats[];
  /** Retainer path of the largest object that is not a root's direct child. */
  path: PathStep[];
  pathText: string;
}

export interface OomVariantResult {
  verdict: 'oom' | 'survived' | 'timeout' | 'error';
  expected: 'oom' | 'survived';
  cap: OomCap;
  iterations: number;
  seconds: number;
  peak: { heapUsed: number; external: number; rss: number };
  message: string;
  timeline: Sample[];
  nearDeath: NearDeath | null;
  metrics: Record<string, number>;
  stderr: string;
}

export interface OomResult {
  mode: 'oom';
  case: { id: number; slug: string; title: string; family: string; signal: string };
  variants: { buggy: OomVariantResult; fixed?: OomVariantResult };
  ok: boolean;
  run: { node: string; date: string; seconds: number };
}

/** Thrown when --oom does not apply to a case; the message says why, in one line. */
export class OomNotApplicable extends Error {}

export function oomCapOf(folder: CaseFolder): OomCap {
  const oom = folder.definition.oom;
  if (oom === false || folder.definition.signal === 'high-water') {
    throw new OomNotApplicable(
      folder.definition.signal === 'high-water'
        ? `case ${folder.definition.id} is a high-water case: its memory stays up after a burst instead of growing until death, so --oom does not apply`
        : `case ${folder.definition.id} cannot be run to death in reasonable time: ${folder.definition.oomNote ?? 'see its README'}`,
    );
  }
  if (oom?.rssMb) return { kind: 'rss', mb: oom.rssMb };
  return { kind: 'heap', mb: oom?.heapMb ?? 64 };
}

export async function runOom(folder: CaseFolder, onProgress?: (variant: string, iteration: number, rss: number) => void): Promise<OomResult> {
  const started = performance.now();
  const cap = oomCapOf(folder);
  const timeLimitMs = folder.definition.oom ? folder.definition.oom.timeLimitMs ?? 90_000 : 90_000;
  const buggy = await runToDeath(folder.variants.buggy, cap, Number.MAX_SAFE_INTEGER, timeLimitMs, (i, rss) => onProgress?.('buggy', i, rss));
  buggy.expected = 'oom';
  let fixed: OomVariantResult | undefined;
  if (buggy.verdict === 'oom') {
    // At least as much work as the buggy variant did before it died, and a margin.
    const target = Math.ceil(Math.max(buggy.iterations, 100) * 1.1);
    fixed = await runToDeath(folder.variants.fixed, cap, target, timeLimitMs * 2, (i, rss) => onProgress?.('fixed', i, rss));
    fixed.expected = 'survived';
  }
  const d = folder.definition;
  return {
    mode: 'oom',
    case: { id: d.id, slug: d.slug, title: d.title, family: d.family, signal: d.signal },
    variants: { buggy, ...(fixed ? { fixed } : {}) },
    ok: buggy.verdict === 'oom' && fixed?.verdict === 'survived',
    run: { node: process.version, date: new Date().toISOString(), seconds: (performance.now() - started) / 1000 },
  };
}

function runToDeath(
  variantPath: string,
  cap: OomCap,
  maxIterations: number,
  timeLimitMs: number,
  onProgress: (iteration: number, rss: number) => void,
): Promise<OomVariantResult> {
  const dir = makeTempDir('oomlab-oom-');
  const config: ChildConfig = { variantPath, warmup: 0, iterations: 0, sampleEvery: 200, intervals: 0, snapshotDir: dir, trackAllocations: false, mode: 'oom', maxIterations };
  const execArgv = ['--expose-gc', '--import', TSX_LOADER];
  if (cap.kind === 'heap') execArgv.push(`--max-old-space-size=${cap.mb}`, '--heapsnapshot-near-heap-limit=1', `--diagnostic-dir=${dir}`);
  const started = performance.now();
  return new Promise((resolve) => {
    // A process group of its own, killed as a group (supervise.ts).
    const child = fork(CHILD, [JSON.stringify(config)], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, NODE_OPTIONS: '' }, detached: true });
    let kill = (): void => void child.kill('SIGKILL');
    let stderr = '';
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-64 * 1024)));
    const timeline: Sample[] = [];
    const peak = { heapUsed: 0, external: 0, rss: 0 };
    let iteration = 0;
    let finished: Extract<ChildMessage, { type: 'finished' }> | null = null;
    let error: Extract<ChildMessage, { type: 'error' }> | null = null;
    let snapshotRequested: string | null = null;
    let snapshotWritten: { file: string; iteration: number } | null = null;
    let killedAtCap = false;
    let timedOut = false;
    const note = (rss: number): void => {
      peak.rss = Math.max(peak.rss, rss);
    };
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'sample') {
        timeline.push(message.sample);
        iteration = message.sample.iteration;
        peak.heapUsed = Math.max(peak.heapUsed, message.sample.heapUsed);
        peak.external = Math.max(peak.external, message.sample.external);
        note(message.sample.rss);
        onProgress(iteration, message.sample.rss);
      } else if (message.type === 'snapshot-written') snapshotWritten = { file: message.file, iteration: message.iteration };
      else if (message.type === 'finished') finished = message;
      else if (message.type === 'error') error = message;
    });
    // The container's view: resident memory, read from /proc where there is one.
    const capBytes = cap.mb * 1024 * 1024;
    const watch = setInterval(() => {
      const rss = residentBytes(child.pid) ?? timeline[timeline.length - 1]?.rss ?? 0;
      note(rss);
      if (cap.kind !== 'rss') return;
      if (!snapshotRequested && rss >= capBytes * 0.9) {
        snapshotRequested = join(dir, 'near-death.heapsnapshot');
        child.send({ type: 'snapshot-now', file: snapshotRequested } satisfies ParentMessage);
      }
      // Writing the snapshot takes memory of its own: allow it some room before the kill.
      const limit = snapshotRequested && !snapshotWritten ? capBytes * 1.5 : capBytes;
      if (rss >= limit && !killedAtCap) {
        killedAtCap = true;
        kill();
      }
    }, 50);
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeLimitMs);

    kill = supervise(child, async (code, signal) => {
      clearInterval(watch);
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const base = { expected: 'oom' as const, cap, seconds, peak, timeline, metrics: finished?.metrics ?? {}, stderr, nearDeath: null as NearDeath | null };
      let verdict: OomVariantResult['verdict'];
      let message: string;
      if (finished && code === 0) {
        verdict = 'survived';
        iteration = finished.iteration;
        message = `completed ${iteration} iterations under the cap, peak ${formatBytes(peak.rss)} resident`;
      } else if (isOutOfMemory(stderr)) {
        verdict = 'oom';
        message = `V8: ${stderr.split('\n').find((l) => /out of memory|heap limit/i.test(l))?.trim() ?? 'JavaScript heap out of memory'}`;
      } else if (killedAtCap) {
        verdict = 'oom';
        message = `killed at ${formatBytes(peak.rss)} resident (cap ${cap.mb} MiB), as a container's OOM killer would (SIGKILL)`;
      } else if (timedOut) {
        verdict = 'timeout';
        message = `neither died nor finished within ${(timeLimitMs / 1000).toFixed(0)} s (at iteration ${iteration})`;
      } else {
        verdict = 'error';
        message = error ? `threw in ${error.where}: ${error.message}` : `the child ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`;
      }
      let nearDeath: NearDeath | null = null;
      const snapshotFile = snapshotWritten?.file ?? findSnapshot(dir);
      if (verdict === 'oom' && snapshotFile) {
        try {
          nearDeath = await analyzeNearDeath(snapshotFile, snapshotWritten?.iteration ?? null);
        } catch {
          nearDeath = null; // a snapshot cut short by the kill: the figures above still stand
        }
      }
      removeTempDir(dir);
      resolve({ ...base, verdict, iterations: iteration, message, nearDeath });
    });
  });
}

function findSnapshot(dir: string): string | null {
  const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot'));
  return file ? join(dir, file) : null;
}

/** Resident memory of a process in bytes, from /proc (Linux); null elsewhere. */
function residentBytes(pid: number | undefined): number | null {
  if (!pid || !existsSync(`/proc/${pid}/status`)) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function analyzeNearDeath(file: string, iteration: number | null): Promise<NearDeath> {
  const snap = await readHeapSnapshot(file);
  const analysis = new Analysis(snap);
  const dom = analysis.dominators;
  const classes = summarizeClasses(snap, dom).slice(0, 8);
  const topNodes = topRetainers(snap, dom, 40);
  // The globals and module scopes retain everything: from the largest object reachable from
  // the user's globals, descend the dominator tree while one child holds 80% of it, down to
  // the structure that grew.
  const { distance } = analysis.retainers;
  let explaining = topNodes.find((node) => distance[node] >= 2 && distance[node] < SYSTEM_DISTANCE) ?? topNodes[0];
  for (let depth = 0; explaining !== undefined && depth < 64; depth++) {
    let heaviest = -1;
    for (let i = dom.firstChild[explaining]; i < dom.firstChild[explaining + 1]; i++) {
      const child = dom.children[i];
      if (heaviest < 0 || dom.retainedSize[child] > dom.retainedSize[heaviest]) heaviest = child;
    }
    if (heaviest < 0 || dom.retainedSize[heaviest] < 0.8 * dom.retainedSize[explaining]) break;
    explaining = heaviest;
  }
  const path = explaining === undefined ? [] : retainerPath(snap, analysis.retainers, explaining);
  return {
    iteration,
    totalSelfSize: totalSelfSize(snap),
    classes,
    top: topNodes.slice(0, 5).map((node) => objectStats(snap, dom, node)),
    path,
    pathText: formatPath(path),
  };
}
