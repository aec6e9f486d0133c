// `npm run case <n> -- --oom`: watch the buggy variant die under a memory cap, the way
// production sees it, and the fixed one live under the same cap for at least as long.
//
// On-heap leaks die of V8's own heap limit (--max-old-space-size), with a snapshot V8 writes
// near the limit (--heapsnapshot-near-heap-limit). Off-heap leaks (ArrayBuffer memory) are
// not bounded by V8's heap limit: the parent watches the child's resident memory and kills it
// at the cap, as a container's OOM killer would, after asking it for a snapshot at 90%.
//
// The child itself is run by run/run-to-death.ts; here: the cap, the two runs, and the
// reading of the near-death snapshot.

import type { CaseFolder } from '../catalog.ts';
import {
  descendWrappers,
  formatPath,
  HeapAnalysis,
  objectStats,
  readHeapSnapshot,
  retainerPath,
  summarizeClasses,
  SYSTEM_DISTANCE,
  topRetainers,
  totalSelfSize,
  type ClassStats,
  type ObjectStats,
  type PathStep,
} from '../heap/index.ts';
import type { Sample } from '../run/protocol.ts';
import { runToDeath, type OomCap } from '../run/run-to-death.ts';
import { removeTempDir } from '../run/supervise.ts';
import { forecastDeath, type DeathForecast } from './forecast.ts';

/** V8's heap limit for an on-heap leak when the case names none: small enough to die in seconds. */
const DEFAULT_HEAP_CAP_MB = 64;
/** How long a variant may run before it is called neither dead nor alive. */
const DEFAULT_TIME_LIMIT_MS = 90_000;
/**
 * The fixed variant must do at least the work the buggy one did before it died, this much
 * more (a margin, so that "lived" is not a photo finish), and at least MIN_FIXED_ITERATIONS.
 */
const FIXED_WORK_MARGIN = 1.1;
const MIN_FIXED_ITERATIONS = 100;
/** The fixed variant does more work, at its own pace: it gets this many times the time. */
const FIXED_TIME_FACTOR = 2;
/** Near death: the largest objects considered as the start of the descent, and what is shown. */
const NEAR_DEATH_CANDIDATES = 40;
const NEAR_DEATH_CLASSES = 8;
const NEAR_DEATH_OBJECTS = 5;
/**
 * The buggy variant's samples are settled while its heap is below this share of a heap cap:
 * the forecast is fitted to them, and extrapolates at least as far again (forecast.ts).
 */
const FORECAST_WINDOW = 0.5;

export interface NearDeath {
  iteration: number | null;
  totalSelfSize: number;
  classes: ClassStats[];
  top: ObjectStats[];
  /** Retainer path of what the descent ends on: the structure that grew (scopes named). */
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
  /** The buggy variant's death as forecast from its first iterations, against the real one (forecast.ts). */
  forecast?: DeathForecast;
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
  return { kind: 'heap', mb: oom?.heapMb ?? DEFAULT_HEAP_CAP_MB };
}

export async function runOom(folder: CaseFolder, onProgress?: (variant: string, iteration: number, rss: number) => void): Promise<OomResult> {
  const started = performance.now();
  const cap = oomCapOf(folder);
  const timeLimitMs = (folder.definition.oom && folder.definition.oom.timeLimitMs) || DEFAULT_TIME_LIMIT_MS;
  const buggy = await runAndRead(folder.variants.buggy, cap, Number.MAX_SAFE_INTEGER, timeLimitMs, (i, rss) => onProgress?.('buggy', i, rss), true);
  buggy.expected = 'oom';
  let fixed: OomVariantResult | undefined;
  if (buggy.verdict === 'oom') {
    // At least as much work as the buggy variant did before it died, and a margin.
    const target = Math.ceil(Math.max(buggy.iterations, MIN_FIXED_ITERATIONS) * FIXED_WORK_MARGIN);
    fixed = await runAndRead(folder.variants.fixed, cap, target, timeLimitMs * FIXED_TIME_FACTOR, (i, rss) => onProgress?.('fixed', i, rss));
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

/** One variant run to death (run/run-to-death.ts), then its near-death snapshot read. */
async function runAndRead(
  variantPath: string,
  cap: OomCap,
  maxIterations: number,
  timeLimitMs: number,
  onProgress: (iteration: number, rss: number) => void,
  withForecast = false,
): Promise<OomVariantResult> {
  // Settled samples only where they serve: the heap forecast of a heap cap (an RSS cap's leak is off the heap).
  const settleUntil = withForecast && cap.kind === 'heap' ? FORECAST_WINDOW * cap.mb * 2 ** 20 : undefined;
  const run = await runToDeath(variantPath, cap, maxIterations, timeLimitMs, onProgress, settleUntil);
  let nearDeath: NearDeath | null = null;
  if (run.verdict === 'oom' && run.snapshot) {
    try {
      nearDeath = await analyzeNearDeath(run.snapshot, run.snapshotIteration);
    } catch {
      nearDeath = null; // a snapshot cut short by the kill: the run's figures still stand
    }
  }
  removeTempDir(run.dir);
  const { seconds, peak, timeline, metrics, stderr, verdict, iterations, message } = run;
  const forecast = withForecast && verdict === 'oom' ? forecastDeath(run.settled, { cap: cap.mb * 2 ** 20, heapSizeLimit: run.heapSizeLimit, capReachedAt: run.capReachedAt, actualIterations: iterations, offHeap: cap.kind === 'rss' }) : undefined;
  return { expected: 'oom', cap, seconds, peak, timeline, metrics, stderr, nearDeath, verdict, iterations, message, ...(forecast ? { forecast } : {}) };
}

async function analyzeNearDeath(file: string, iteration: number | null): Promise<NearDeath> {
  const snap = await readHeapSnapshot(file);
  const analysis = new HeapAnalysis(snap);
  const topNodes = topRetainers(analysis, NEAR_DEATH_CANDIDATES);
  // The globals and module scopes retain everything: from the largest object reachable from
  // the user's globals, descend through wrappers (heap/descend.ts, the same descent as the
  // verdict's culprit) to the structure that grew.
  const { distance } = analysis.retainers;
  const start = topNodes.find((node) => distance[node] >= 2 && distance[node] < SYSTEM_DISTANCE) ?? topNodes[0];
  const explaining = start === undefined ? undefined : descendWrappers(analysis, [start], { stopAtScope: false }).members[0];
  const path = explaining === undefined ? [] : analysis.scopes.annotate(retainerPath(snap, analysis.retainers, explaining));
  return {
    iteration,
    totalSelfSize: totalSelfSize(snap),
    classes: summarizeClasses(analysis).slice(0, NEAR_DEATH_CLASSES),
    top: topNodes.slice(0, NEAR_DEATH_OBJECTS).map((node) => objectStats(analysis, node)),
    path,
    pathText: formatPath(path),
  };
}
