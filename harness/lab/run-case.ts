// Runs a case: both variants the same way (in parallel, one fresh process each), measures
// them the same way, judges them, and returns the result document of `npm run case --json`.

import { forecastOom } from './forecast.ts';
import { cpSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseFolder } from '../catalog.ts';
import type { VariantRun } from '../run/run-variant.ts';
import { removeTempDir } from '../run/supervise.ts';
import type { Growth } from '../verdict/growth.ts';
import { judgeHighWater, type Judgement, type Verdict } from '../verdict/verdict.ts';
import { measureVariant, type MeasuredVariant } from './measure-variant.ts';
import type { CaseOptions, CaseResult, VariantName, VariantResult } from './result.ts';

/**
 * Memory samples per measured interval at least, however few its iterations: the timeline's
 * slope (which sets the verdict's confidence) needs points inside every interval.
 */
const MIN_SAMPLES_PER_INTERVAL = 4;

/** How often to sample memory: as a case asks, but at least MIN_SAMPLES_PER_INTERVAL times an interval. */
export function sampleEveryFor(sampleEvery: number, iterations: number): number {
  return Math.max(1, Math.min(sampleEvery, Math.floor(iterations / MIN_SAMPLES_PER_INTERVAL)));
}

export async function runCase(folder: CaseFolder, options: CaseOptions = {}): Promise<CaseResult> {
  const started = performance.now();
  const definition = folder.definition;
  const iterations = options.iterations ?? definition.iterations;
  const wanted = options.variants ?? ['buggy', 'fixed'];
  // A high-water verdict compares with the fixed variant at equal work: run it as the reference.
  const needsReference = definition.signal === 'high-water' && wanted.includes('buggy');
  const toRun: VariantName[] = needsReference && !wanted.includes('fixed') ? [...wanted, 'fixed'] : wanted;

  // A high-water verdict compares both variants after equal work: neither is measured longer.
  const longer = definition.signal === 'growth';
  const runs: (MeasuredVariant & { variant: VariantName })[] = [];
  try {
    const measured = await Promise.allSettled(
      toRun.map((variant) =>
        measureVariant({
          variantPath: folder.variants[variant],
          warmup: definition.warmup,
          iterations,
          sampleEvery: sampleEveryFor(definition.sampleEvery, iterations),
          timeLimitMs: definition.timeLimitMs,
          maxOldSpaceMb: definition.maxOldSpaceMb,
          trackAllocations: options.trackAllocations,
          onProgress: (phase, iteration, total) => options.onProgress?.(variant, phase, iteration, total),
          onAnalysis: () => options.onProgress?.(variant, 'analysis', 0, 0),
          sites: { caseDir: folder.dir },
          longer,
        }).then((m) => ({ ...m, variant })),
      ),
    );
    for (const m of measured) if (m.status === 'fulfilled') runs.push(m.value);
    const failed = measured.find((m) => m.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    for (const { run } of runs) removeTempDir(run.snapshotDir);
    throw error;
  }
  const growths = new Map<VariantName, Growth>();
  for (const { variant, growth } of runs) if (growth) growths.set(variant, growth);

  const variants: Partial<Record<VariantName, VariantResult>> = {};
  for (const measured of runs) {
    const { variant, run } = measured;
    if (!wanted.includes(variant)) continue;
    const expected: Verdict = options.expected?.[variant] ?? (variant === 'fixed' ? 'clean' : definition.signal === 'high-water' ? 'high-water' : 'leak');
    const growth = growths.get(variant);
    const reference = growths.get('fixed');
    const judgement: Judgement | null =
      growth && variant === 'buggy' && definition.signal === 'high-water' && reference ? judgeHighWater(growth, reference) : measured.judgement;
    variants[variant] = variantResult(run, expected, iterations, growth, judgement);
    if (options.keepSnapshotsIn && run.snapshots) {
      variants[variant]!.snapshots = keepSnapshots(options.keepSnapshotsIn, variant, run.snapshots);
    }
  }
  for (const { run } of runs) removeTempDir(run.snapshotDir);

  const ok = Object.values(variants).every((v) => v.verdict === v.expected);
  const buggy = variants.buggy;
  const checkCulprit = folder.hasCaseFile && buggy?.culprit && definition.culprit.name !== '*';
  return {
    case: {
      id: definition.id,
      slug: definition.slug,
      title: definition.title,
      family: definition.family,
      signal: definition.signal,
      origin: definition.origin,
      culprit: definition.culprit,
      ...(definition.hint ? { hint: definition.hint } : {}),
      dir: folder.dir,
      ...(folder.hasCaseFile ? {} : { ownFolder: true as const }),
    },
    variants,
    ok,
    ...(checkCulprit
      ? { culpritMatches: [definition.culprit, ...(definition.culprit.or ?? [])].some((c) => c.type === buggy!.culprit!.type && c.name === buggy!.culprit!.name) }
      : {}),
    run: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      date: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
      flags: ['--expose-gc', ...(definition.maxOldSpaceMb ? [`--max-old-space-size=${definition.maxOldSpaceMb}`] : [])],
    },
  };
}

export function variantResult(run: VariantRun, expected: Verdict, iterations: number, growth: Growth | undefined, judgement: Judgement | null): VariantResult {
  const forecast =
    judgement?.verdict === 'leak' ? forecastOom(judgement.bytesPerIteration, run.heapLimit, run.timeline.at(-1)?.heapUsed ?? null, judgement.culprit) : undefined;
  return {
    verdict: run.status === 'ok' ? judgement?.verdict ?? 'clean' : run.status,
    expected,
    bytesPerIteration: judgement?.bytesPerIteration ?? null,
    confidence: judgement?.confidence ?? null,
    iterations,
    culprit: judgement?.culprit ?? null,
    pattern: judgement?.pattern ?? null,
    ...(judgement?.allocationSites ? { allocationSites: judgement.allocationSites } : {}),
    reasons: judgement?.reasons ?? [],
    growth: growth
      ? {
          perInterval: growth.perInterval,
          persistentPerIteration: growth.persistentPerIteration,
          timelineSlope: growth.timelineSlope,
          totals: growth.totals,
          survivors: growth.survivors,
          containers: growth.containers.map(({ path: _path, ...rest }) => rest),
        }
      : null,
    topClasses: growth ? growth.classes.filter((c) => c.type !== 'synthetic').slice(0, 10) : [],
    timeline: run.timeline,
    snapshotIterations: run.snapshotIterations,
    metrics: run.metrics,
    stdout: run.stdout,
    stderr: run.stderr,
    seconds: run.seconds,
    ...(run.failure ? { error: run.failure } : {}),
    ...(forecast ? { forecast } : {}),
  };
}

/** Copies the snapshots to <folder>/<variant>/, each replacing its old self only once complete. */
function keepSnapshots(caseReports: string, variant: VariantName, files: readonly string[]): string[] {
  const dir = join(caseReports, variant);
  mkdirSync(dir, { recursive: true });
  return files.map((file, i) => {
    const kept = join(dir, `s${i}.heapsnapshot`);
    cpSync(file, `${kept}.partial`);
    renameSync(`${kept}.partial`, kept);
    return kept;
  });
}
