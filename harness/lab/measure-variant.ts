// One variant run, measured and judged; measured again, longer, when the first measurement
// cannot tell a slow leak from noise. What a case's variants and a single workload share.
//
// The longer measurement:
//  1. is taken only when the first is inconclusive (verdict.ts, needsLongerRun): kept, steady
//     growth under the floor of intervals that short;
//  2. runs in a fresh child, with intervals that double (n, 2n, 4n, 8n): a hash table that
//     doubles its capacity as it fills then steps in every interval, and the floor per
//     iteration, which falls as intervals lengthen, reaches SLOW_FLOOR;
//  3. is the same for every run of the same program (a verdict must not depend on the
//     machine's load), unless its iterations alone, at the first run's pace, would take
//     longer than a budget: then the verdict stays the first one's, said to be inconclusive.

import { removeTempDir } from '../run/supervise.ts';
import { runVariant, type RunOptions, type VariantRun } from '../run/run-variant.ts';
import { measureGrowth, type Growth, type MeasureOptions } from '../verdict/growth.ts';
import { figuresOf, judgeGrowth, needsLongerRun, type Judgement } from '../verdict/verdict.ts';
import { formatBytes, formatCount } from '../text.ts';

/** The first interval of a longer measurement, at least (then 2×, 4×, 8×). */
const LONGER_FIRST_INTERVAL = 250;
/** How the intervals of a longer measurement grow: each twice the one before. */
const LONGER_GROWTH = [1, 2, 4, 8];
/** Memory samples in the first interval of a longer measurement (more in the longer ones). */
const SAMPLES_PER_LONGER_INTERVAL = 4;
/** The longer measurement's budget: seconds in the workload's iterations, at the first run's pace. */
export const LONGER_BUDGET_SECONDS = 30;

export interface MeasuredVariant {
  /** The run whose figures are reported (the longer one, when it was taken). */
  run: VariantRun;
  growth?: Growth;
  judgement: Judgement | null;
  /** The first measurement, when a longer one replaced it. */
  first?: { schedule: number[]; bytesPerIteration: number; seconds: number };
}

export interface MeasureVariantOptions extends RunOptions {
  /** Source maps and the folder of the variant, for allocation sites. */
  sites: MeasureOptions;
  /** Measure again, longer, when the first measurement is inconclusive (growth signals only). */
  longer: boolean;
  /** Called as a run's snapshots are analysed. */
  onAnalysis?: () => void;
}

export async function measureVariant(options: MeasureVariantOptions): Promise<MeasuredVariant> {
  const first = await measureOnce(options);
  if (!options.longer || !first.growth || !needsLongerRun(figuresOf(first.growth))) return first;
  const schedule = longerSchedule(options.iterations);
  // The workload's own pace: settles and snapshots cost about the same in a longer run, and
  // counting them would make the choice depend on the machine's load for every program.
  const pace = first.run.iterationSeconds / first.run.schedule.reduce((a, b) => a + b, 0);
  const expectedMs = pace * (options.warmup + schedule.reduce((a, b) => a + b, 0)) * 1000;
  const firstFigure = `${formatBytes(first.judgement!.bytesPerIteration)}/iteration over ${first.run.schedule.length} × ${formatCount(options.iterations)} iterations`;
  if (expectedMs > LONGER_BUDGET_SECONDS * 1000) {
    first.judgement!.reasons.unshift(`inconclusive: ${firstFigure} is kept and steady but under the floor, and a longer measurement would take over ${LONGER_BUDGET_SECONDS} s`);
    first.judgement!.confidence = 'medium';
    return first;
  }
  // About as many memory samples per interval as the first run took, not ten times as many.
  const sampleEvery = Math.max(options.sampleEvery, Math.floor(schedule[0] / SAMPLES_PER_LONGER_INTERVAL));
  const timeLimitMs = Math.max(options.timeLimitMs, 3 * expectedMs + first.run.seconds * 1000);
  const longer = await measureOnce({ ...options, schedule, sampleEvery, timeLimitMs });
  if (!longer.judgement) {
    removeTempDir(longer.run.snapshotDir);
    first.judgement!.reasons.unshift(`inconclusive: ${firstFigure} is under the floor, and the longer measurement failed: ${longer.run.failure?.message ?? longer.run.status}`);
    first.judgement!.confidence = 'medium';
    return first;
  }
  removeTempDir(first.run.snapshotDir);
  longer.judgement.reasons.unshift(
    `measured longer: the first measurement saw ${firstFigure}, kept and steady but under its floor, so it was measured again ` +
      `over intervals of ${schedule.map(formatCount).join(', ')} iterations (${longer.run.seconds.toFixed(0)} s)`,
  );
  return { ...longer, first: { schedule: first.run.schedule, bytesPerIteration: first.judgement!.bytesPerIteration, seconds: first.run.seconds } };
}

/** Doubling intervals from max(iterations, LONGER_FIRST_INTERVAL). */
export function longerSchedule(iterations: number): number[] {
  const first = Math.max(iterations, LONGER_FIRST_INTERVAL);
  return LONGER_GROWTH.map((k) => k * first);
}

async function measureOnce(options: MeasureVariantOptions): Promise<MeasuredVariant> {
  const run = await runVariant(options);
  if (run.status !== 'ok' || !run.snapshots) return { run, judgement: null };
  options.onAnalysis?.();
  try {
    const growth = await measureGrowth(run.snapshots, run.timeline.slice(0), run.schedule, { ...options.sites, sourceMaps: run.sourceMaps });
    return { run, growth, judgement: judgeGrowth(growth) };
  } catch (error) {
    removeTempDir(run.snapshotDir);
    throw error;
  }
}
