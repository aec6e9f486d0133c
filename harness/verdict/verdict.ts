// Leak, clean or high-water, with the figures that decide it.
//
// A variant leaks when all of these agree:
//  1. the heap (all self sizes, backing stores included) grew in both intervals, by at least
//     the noise floor per iteration: lazy one-time initialisation grows one interval only;
//  2. the two intervals grew alike (within 4x): growth in proportion to the work;
//  3. what grew outlived a whole interval (objects allocated in interval 1, alive in S2):
//     transient buffers and a cache that evicts as it fills do not;
//  4. the memory timeline (heapUsed + external after each settle) rises too.
// A high-water variant holds much more memory after the same work than the fixed one does.

import type { ClassStats, PathStep } from '../heap/index.ts';
import { formatPath } from '../heap/paths.ts';
import { formatBytes } from '../text.ts';
import type { CulpritChoice, Growth } from './growth.ts';
import type { AllocationSiteResult } from '../lab.ts';

/** Bytes per iteration below which growth is noise (JIT code, feedback, IPC buffers). */
export const NOISE_FLOOR = 48;
/** Extra memory a high-water variant holds over the fixed one: at least this... */
export const HIGH_WATER_MIN_BYTES = 1024 * 1024;
/** ...and at least this fraction of what the fixed variant holds. */
export const HIGH_WATER_MIN_RATIO = 0.25;

export type Verdict = 'leak' | 'clean' | 'high-water';

export interface Culprit extends ClassStats {
  path: PathStep[];
  pathText: string;
}

export interface Judgement {
  verdict: Verdict;
  bytesPerIteration: number;
  reasons: string[];
  culprit: Culprit | null;
  allocationSites?: AllocationSiteResult[];
}

export function judgeGrowth(growth: Growth): Judgement {
  const [d1, d2] = growth.perIteration;
  const persistent = growth.persistentPerIteration;
  const slope = growth.timelineSlope;
  const bytesPerIteration = (growth.totals[2] - growth.totals[0]) / (2 * growth.iterations);
  const b = (n: number): string => `${formatBytes(n)}/iteration`;
  const checks: [boolean, string][] = [
    [d1 >= NOISE_FLOOR && d2 >= NOISE_FLOOR, `heap grew ${b(d1)} in interval 1 and ${b(d2)} in interval 2 (floor ${b(NOISE_FLOOR)})`],
    [Math.min(d1, d2) >= Math.max(d1, d2) / 4, `the two intervals grew alike (${ratioText(d1, d2)})`],
    [persistent >= NOISE_FLOOR, `objects allocated in interval 1 still alive in S2: ${b(persistent)}`],
    [slope >= NOISE_FLOOR / 2, `memory timeline slope ${b(slope)}`],
  ];
  const leaks = checks.every(([ok]) => ok);
  const reasons = checks.map(([ok, text]) => `${ok ? 'yes' : 'no '} ${text}`);
  const choice = leaks ? growth.culprit() : null;
  return {
    verdict: leaks ? 'leak' : 'clean',
    bytesPerIteration,
    reasons,
    culprit: choice ? { ...culpritFields(choice), pathText: formatPath(choice.path) } : null,
    ...(choice?.allocationSites ? { allocationSites: choice.allocationSites } : {}),
  };
}

/**
 * Judges a high-water variant against the fixed one after equal work: the memory each holds
 * in S2, and the class that holds the difference.
 */
export function judgeHighWater(buggy: Growth, fixed: Growth): Judgement {
  const growth = judgeGrowth(buggy);
  const excess = buggy.totals[2] - fixed.totals[2];
  const threshold = Math.max(HIGH_WATER_MIN_BYTES, fixed.totals[2] * HIGH_WATER_MIN_RATIO);
  const reason = `holds ${formatBytes(buggy.totals[2])} after the same work as the fixed variant's ${formatBytes(fixed.totals[2])}: ` +
    `${formatBytes(excess)} more (threshold ${formatBytes(threshold)})`;
  if (growth.verdict === 'leak' || excess < threshold) {
    return { ...growth, reasons: [...growth.reasons, `${excess >= threshold ? 'yes' : 'no '} ${reason}`] };
  }
  let top: { type: string; name: string; excess: number; count: number; bytes: number } | undefined;
  for (const [key, held] of buggy.heldByClass) {
    if (held.type === 'synthetic') continue;
    const diff = held.bytes - (fixed.heldByClass.get(key)?.bytes ?? 0);
    if (!top || diff > top.excess) top = { ...held, excess: diff };
  }
  const held = top ? buggy.heldStats(top) : undefined;
  const path = top ? buggy.pathOf(top, { survivorsOnly: false }) : [];
  return {
    verdict: 'high-water',
    bytesPerIteration: growth.bytesPerIteration,
    reasons: [...growth.reasons, `yes ${reason}`],
    culprit: top
      ? {
          type: top.type,
          name: top.name,
          count: top.count,
          selfSize: top.bytes,
          retainedSize: held?.retainedSize ?? top.bytes,
          offHeapSize: held?.offHeapSize ?? 0,
          path,
          pathText: formatPath(path),
        }
      : null,
  };
}

function culpritFields(choice: CulpritChoice): Omit<Culprit, 'pathText'> {
  const { type, name, count, selfSize, retainedSize, offHeapSize, path } = choice;
  return { type, name, count, selfSize, retainedSize, offHeapSize, path };
}

function ratioText(a: number, b: number): string {
  if (a <= 0 || b <= 0) return 'one interval did not grow';
  return `ratio ${(Math.max(a, b) / Math.min(a, b)).toFixed(2)}`;
}
