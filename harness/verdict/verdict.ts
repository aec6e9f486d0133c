// Leak, clean or high-water, with the figures that decide it. Pure functions of plain
// figures (growth.ts gathers them), so every rule is tested with made-up numbers too.
//
// A variant leaks when all of these hold:
//  1. the trend of the program's heap over the snapshots S0..SK (Theil–Sen: one odd snapshot
//     cannot move it) is at least the noise floor per iteration. Noise is a roughly fixed
//     amount per interval (Node's bookkeeping filling a few KiB and stopping, a free list, the
//     IPC buffers), so the floor per iteration falls as the intervals grow longer, down to
//     SLOW_FLOOR: a longer measurement sees a slower leak;
//  2. the heap grew in every interval but at most one (by half the floor): growth in
//     proportion to the work, not a one-time step such as lazy initialisation;
//  3. what grew is held: objects that outlived a whole interval, or long-lived containers
//     whose own size grew (an array, Map, Set, dictionary or promise whose backing store is
//     new each time), add up to half the floor: transient buffers and caches that evict as
//     they fill do not.
// Held, steady growth under the floor is inconclusive, not clean: the lab measures again,
// longer (needsLongerRun). The memory timeline (heapUsed + external after each settle) does
// not decide; it says how sure the verdict is. A high-water variant holds much more memory
// after the same work than the fixed one does, without growing.

import { formatPath, type ClassStats, type PathStep } from '../heap/index.ts';
import { formatBytes, formatCount } from '../text.ts';
import type { AllocationSiteResult, ContainerGrowth, Growth } from './growth.ts';
import { recognisePattern, type Pattern } from './patterns.ts';
import { snapshotPositions, theilSen } from './trend.ts';

/**
 * Growth per interval below which it is noise, however many iterations made it: Node's own
 * bookkeeping fills by a few KiB and stops. 48 B/iteration over the default 200 iterations.
 */
export const INTERVAL_NOISE_FLOOR = 48 * 200;
/**
 * Bytes per iteration below which growth is noise however long the intervals: one small
 * integer per iteration in a Set (about 20 B of hash table) is the slowest leak the lab claims
 * to see, with a margin for the table's steps.
 */
export const SLOW_FLOOR = 12;
/** The floor per iteration over intervals of the default 200 iterations. */
export const NOISE_FLOOR = INTERVAL_NOISE_FLOOR / 200;

/** The floor per iteration over intervals of `meanInterval` iterations on average. */
export function floorFor(meanInterval: number): number {
  return Math.max(SLOW_FLOOR, INTERVAL_NOISE_FLOOR / Math.max(1, meanInterval));
}
/** Extra memory a high-water variant holds over the fixed one: at least this... */
export const HIGH_WATER_MIN_BYTES = 1024 * 1024;
/** ...and at least this fraction of what the fixed variant holds. */
export const HIGH_WATER_MIN_RATIO = 0.25;
/**
 * The culprit is the growing container itself, rather than the survivors' class, when the
 * container grows this many times faster than that class's objects accumulate: the objects
 * then explain too little of the growth (a Set of numbers, a queue of small strings).
 */
export const CONTAINER_OVER_SURVIVORS = 1.5;

export type Verdict = 'leak' | 'clean' | 'high-water';
export type Confidence = 'high' | 'medium';

export interface Culprit extends Omit<ClassStats, 'rawSelfSize'> {
  /** V8's own self sizes of the members; absent for a container, whose size is its own bytes. */
  rawSelfSize?: number;
  path: PathStep[];
  pathText: string;
  /** The holder as the program names it: `buggy.ts (module) → queue`. */
  holder: string;
  /** How many of the members the holder holds, of how many (heap/groups.ts); absent for a container. */
  holderShare?: { count: number; of: number };
  /** Index in `path` of the object that holds the members (or of the container that grew); -1 when not on it. */
  holderAt?: number;
  /** The long-lived container on the culprit's path that grew, when one did. */
  grows?: { name: string; holder: string; perIteration: number; perInterval: number[] };
}

export interface Judgement {
  verdict: Verdict;
  bytesPerIteration: number;
  confidence: Confidence;
  reasons: string[];
  culprit: Culprit | null;
  pattern: Pattern | null;
  allocationSites?: AllocationSiteResult[];
}

/** The figures the leak rules read. */
export interface GrowthFigures {
  /** Iterations in each measured interval (all alike, or growing for a longer measurement). */
  intervals: readonly number[];
  /** Program bytes at S0..SK. */
  totals: readonly number[];
  /** Objects that outlived a whole interval, bytes per iteration. */
  persistentPerIteration: number;
  /** Long-lived containers' own growth, bytes per iteration (all listed, added up). */
  containerPerIteration: number;
  timelineSlope: number;
}

/** The three things a leak must show (judgeFigures), named so a clean verdict can say which failed. */
export type LeakCheck = 'trend' | 'steady' | 'kept';

export interface FiguresJudgement {
  verdict: 'leak' | 'clean';
  bytesPerIteration: number;
  confidence: Confidence;
  reasons: string[];
  /** The checks that failed, in order (none for a leak). */
  unmet: LeakCheck[];
  /** Intervals in which the heap grew (at least half the floor), of how many. */
  grewIn: { count: number; of: number };
}

const perIt = (n: number): string => `${formatBytes(n)}/iteration`;

/** What every rule reads, worked out once from the figures. */
function readFigures(f: GrowthFigures): { trend: number; floor: number; perInterval: number[]; held: number } {
  const perInterval = f.totals.slice(1).map((t, i) => (t - f.totals[i]) / f.intervals[i]);
  const trend = theilSen(f.totals, snapshotPositions(f.intervals));
  const floor = floorFor(f.intervals.reduce((a, b) => a + b, 0) / f.intervals.length);
  return { trend, floor, perInterval, held: Math.max(f.persistentPerIteration, f.containerPerIteration) };
}

/** The leak rules over plain figures. */
export function judgeFigures(f: GrowthFigures): FiguresJudgement {
  const intervals = f.totals.length - 1;
  const { trend, floor, perInterval, held } = readFigures(f);
  const grows = perInterval.map((d) => d >= floor / 2);
  const grew = grows.filter(Boolean).length;
  // Over equal intervals one may be off (a noisy snapshot), but not the last: a store that
  // filled up and stopped (a ring, a bounded cache) shows as a flat last interval, and is
  // measured longer before anything is said. Over doubling intervals (the longer
  // measurement) none may be off: each holds as much work as all before it, so a table that
  // doubles as it fills steps in each.
  const equal = new Set(f.intervals).size === 1;
  const mayBeOff = equal ? 1 : 0;
  const lengths = equal ? formatCount(f.intervals[0]) : f.intervals.map(formatCount).join(', ');
  const checks: [boolean, string, LeakCheck][] = [
    [trend >= floor, `the heap grew ${perIt(trend)} from S0 to S${intervals} (a leak, over intervals of ${lengths} iterations: ${perIt(floor)} or more)`, 'trend'],
    [
      grew >= intervals - mayBeOff && grows[intervals - 1],
      `it grew in ${grew} of ${intervals} intervals (${perInterval.map((d) => formatBytes(d)).join(', ')} per iteration; a leak: ${mayBeOff ? 'all, or all but one that is not the last' : 'all'})`,
      'steady',
    ],
    [
      held >= floor / 2,
      `what grew is kept: objects that outlived an interval ${perIt(f.persistentPerIteration)}, long-lived containers growing ${perIt(f.containerPerIteration)}`,
      'kept',
    ],
  ];
  const leaks = checks.every(([ok]) => ok);
  const timelineAgrees = leaks ? f.timelineSlope >= floor / 2 : f.timelineSlope < floor;
  // How sure: every signal on the same side, with margin, or not. A rising timeline does not
  // shake a clean verdict: it counts the engine's compiled code, which grows for thousands of
  // iterations while V8 tiers functions up, and which the snapshots leave out.
  const clear = leaks
    ? grew === intervals && trend >= 2 * floor && timelineAgrees
    : trend < floor / 2 && (grew < intervals - 1 || held < floor / 4);
  const reasons = checks.map(([ok, text]) => `${ok ? 'yes' : 'no '} ${text}`);
  const rose = `${perIt(f.timelineSlope)}`;
  reasons.push(
    !leaks
      ? `and the memory timeline rose ${rose} (it counts garbage and compiled code; it does not decide)`
      : timelineAgrees
        ? `and the memory timeline agrees: it rose ${rose}`
        : `but the memory timeline does not agree (it rose ${rose}): confidence medium`,
  );
  return {
    verdict: leaks ? 'leak' : 'clean',
    bytesPerIteration: trend,
    confidence: clear ? 'high' : 'medium',
    reasons,
    unmet: checks.filter(([ok]) => !ok).map(([, , check]) => check),
    grewIn: { count: grew, of: intervals },
  };
}

/**
 * Not a leak over these equal intervals, but kept growth that a longer measurement would
 * judge: the trend and what is kept at least half of SLOW_FLOOR, and growth seen in at least
 * two intervals. A slow leak
 * (one small integer per iteration in a Set; one 160-byte object every ten iterations) reads
 * like this over 4 × 200 iterations, under the floor; so does a bounded cache that was still
 * filling until the last interval, over it.
 */
export function needsLongerRun(f: GrowthFigures): boolean {
  if (new Set(f.intervals).size !== 1 || judgeFigures(f).verdict === 'leak') return false;
  // A screen, not a verdict: half the slowest leak's floor, since one odd interval pulls the
  // trend of a 16 B/iteration leak down to 9 over four short intervals.
  const { trend, perInterval, held } = readFigures(f);
  const screen = SLOW_FLOOR / 2;
  return trend >= screen && held >= screen && perInterval.filter((d) => d >= screen).length >= 2;
}

/** The figures of a measured run. */
export function figuresOf(growth: Pick<Growth, 'intervals' | 'totals' | 'persistentPerIteration' | 'timelineSlope'> & { containers: readonly { perIteration: number }[] }): GrowthFigures {
  return {
    intervals: growth.intervals,
    totals: growth.totals,
    persistentPerIteration: growth.persistentPerIteration,
    containerPerIteration: growth.containers.reduce((sum, c) => sum + c.perIteration, 0),
    timelineSlope: growth.timelineSlope,
  };
}

export function judgeGrowth(growth: Growth): Judgement {
  const figures = judgeFigures(figuresOf(growth));
  if (figures.verdict !== 'leak') return { ...figures, culprit: null, pattern: null };
  const culprit = chooseCulprit(growth);
  const pattern = culprit
    ? recognisePattern({ culprit, containers: growth.containers, classes: growth.classes }, culprit.path, culprit.grows?.holder ?? culprit.holder)
    : null;
  return {
    ...figures,
    culprit,
    pattern,
    ...(growth.culprit?.allocationSites && culprit?.name === growth.culprit.name ? { allocationSites: growth.culprit.allocationSites } : {}),
  };
}

/**
 * What grows per iteration: the survivors' class (objects accumulating, about one or more per
 * iteration), or the long-lived container that grows when those objects explain too little of
 * its growth. The container on the culprit's path, if one grew, is named as its holder.
 */
export function chooseCulprit(growth: Pick<Growth, 'culprit' | 'containers' | 'intervals'>): Culprit | null {
  const survivors = growth.culprit;
  const top = growth.containers[0];
  // Survivors that outlived an interval were made before the last one began.
  const outlivedIterations = growth.intervals.slice(0, -1).reduce((a, b) => a + b, 0);
  const survivorRate = survivors ? survivors.retainedSize / outlivedIterations : 0;
  if (top && (!survivors || top.perIteration > CONTAINER_OVER_SURVIVORS * survivorRate)) return containerCulprit(top);
  if (!survivors) return null;
  const ids = new Set(survivors.path.map((s) => s.node.id));
  const grows = growth.containers.find((c) => ids.has(c.id));
  return {
    type: survivors.type,
    name: survivors.name,
    count: survivors.count,
    selfSize: survivors.selfSize,
    rawSelfSize: survivors.rawSelfSize,
    retainedSize: survivors.retainedSize,
    offHeapSize: survivors.offHeapSize,
    path: survivors.path,
    pathText: formatPath(survivors.path),
    holder: survivors.holder,
    holderShare: survivors.holderShare,
    holderAt: survivors.holderAt,
    ...(grows ? { grows: describeContainer(grows) } : {}),
  };
}

function containerCulprit(c: ContainerGrowth): Culprit {
  return {
    type: c.type,
    name: c.name,
    count: 1,
    selfSize: c.ownBytes,
    retainedSize: c.ownBytes,
    offHeapSize: 0,
    path: c.path,
    pathText: formatPath(c.path),
    holder: c.holder,
    holderAt: c.path.length - 1,
    grows: describeContainer(c),
  };
}

function describeContainer(c: ContainerGrowth): NonNullable<Culprit['grows']> {
  return { name: c.name, holder: c.holder, perIteration: c.perIteration, perInterval: c.perInterval };
}

/**
 * Judges a high-water variant against the fixed one after equal work: the memory each holds
 * at the last snapshot, and the class that holds the difference.
 */
export function judgeHighWater(buggy: Growth, fixed: Growth): Judgement {
  const growth = judgeGrowth(buggy);
  const held = buggy.totals.at(-1)!;
  const reference = fixed.totals.at(-1)!;
  const excess = held - reference;
  const threshold = Math.max(HIGH_WATER_MIN_BYTES, reference * HIGH_WATER_MIN_RATIO);
  const reason = `after the same work it holds ${formatBytes(held)}, the fixed variant ${formatBytes(reference)}: ` +
    `${formatBytes(excess)} more (a high-water verdict needs ${formatBytes(threshold)} more)`;
  if (growth.verdict === 'leak' || excess < threshold) {
    return { ...growth, reasons: [...growth.reasons, `${excess >= threshold ? 'yes' : 'no '} ${reason}`] };
  }
  let top: { key: string; excess: number } | undefined;
  for (const [key, cls] of Object.entries(buggy.heldByClass)) {
    if (cls.type === 'synthetic' || !buggy.heldDetails[key]) continue;
    const diff = cls.bytes - (fixed.heldByClass[key]?.bytes ?? 0);
    if (!top || diff > top.excess) top = { key, excess: diff };
  }
  const detail = top ? buggy.heldDetails[top.key] : undefined;
  const culprit: Culprit | null = detail
    ? { ...detail.stats, path: detail.path, pathText: formatPath(detail.path), holder: detail.holder, holderShare: detail.holderShare, holderAt: detail.holderAt }
    : null;
  return {
    verdict: 'high-water',
    bytesPerIteration: growth.bytesPerIteration,
    confidence: excess >= 2 * threshold ? 'high' : 'medium',
    reasons: [...growth.reasons, `yes ${reason}`],
    culprit,
    pattern: culprit ? recognisePattern({ culprit, containers: [], classes: [], bounded: true }, culprit.path, culprit.holder) : null,
  };
}

