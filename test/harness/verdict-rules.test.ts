// The verdict rules with made-up figures: each rule in milliseconds, without a child process.
import { describe, expect, it } from 'vitest';
import { madeSteadily } from '../../harness/verdict/growth.ts';
import { chooseCulprit, floorFor, judgeFigures, needsLongerRun, NOISE_FLOOR, SLOW_FLOOR, type GrowthFigures } from '../../harness/verdict/verdict.ts';
import { median, snapshotPositions, theilSen } from '../../harness/verdict/trend.ts';
import { longerSchedule, LONGER_BUDGET_SECONDS } from '../../harness/lab/measure-variant.ts';
import type { ContainerGrowth, CulpritChoice } from '../../harness/verdict/growth.ts';

const N = 200;
/** Totals for a heap that starts at 4 MB and grows by `perInterval[i] * N` in interval i. */
function totals(perInterval: number[], start = 4_000_000): number[] {
  const out = [start];
  for (const d of perInterval) out.push(out.at(-1)! + d * N);
  return out;
}
const figures = (over: Partial<GrowthFigures> & { perInterval: number[] }): GrowthFigures => ({
  intervals: [N, N, N, N],
  totals: totals(over.perInterval),
  persistentPerIteration: 0,
  containerPerIteration: 0,
  timelineSlope: 0,
  ...over,
});

describe('the trend', () => {
  it('is the median pairwise slope: one odd point does not move it', () => {
    expect(theilSen([0, 10, 20, 30, 40])).toBe(10);
    expect(theilSen([0, 10, 20, 30, 4000])).toBe(10);
    expect(theilSen([0, -500, 20, 30, 40])).toBe(10);
    expect(theilSen([5, 5, 5, 5, 5])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('reads snapshots at their iteration, when intervals differ in length', () => {
    // 10 B/iteration over intervals of 250, 500, 1,000 and 2,000 iterations.
    const at = snapshotPositions([250, 500, 1000, 2000]);
    expect(at).toEqual([0, 250, 750, 1750, 3750]);
    expect(theilSen(at.map((x) => 5000 + 10 * x), at)).toBe(10);
  });
});

describe('leak rules over plain figures', () => {
  it('steady growth that is held is a leak, with high confidence when every signal agrees', () => {
    const j = judgeFigures(figures({ perInterval: [130, 128, 131, 129], persistentPerIteration: 120, timelineSlope: 140 }));
    expect(j.verdict).toBe('leak');
    expect(j.confidence).toBe('high');
    expect(j.bytesPerIteration).toBeCloseTo(129.5, 0);
  });

  it('one noisy interval does not flip a leak (the -173 / +261 run of issue 11)', () => {
    const j = judgeFigures(figures({ perInterval: [215, -173, 261, 230], persistentPerIteration: 200, timelineSlope: 220 }));
    expect(j.verdict).toBe('leak');
    expect(j.confidence).toBe('medium');
  });

  it('growth inside long-lived containers counts as held even when nothing outlived an interval', () => {
    // Issue 11: heap +143 and +224 B/iteration, timeline +367, "outlived an interval: 3 B/iteration".
    const j = judgeFigures(figures({ perInterval: [143, 224, 180, 190], persistentPerIteration: 3, containerPerIteration: 170, timelineSlope: 367 }));
    expect(j.verdict).toBe('leak');
    const without = judgeFigures(figures({ perInterval: [143, 224, 180, 190], persistentPerIteration: 3, containerPerIteration: 0, timelineSlope: 367 }));
    expect(without.verdict).toBe('clean');
  });

  it('a slow leak of 64 B/iteration is caught', () => {
    expect(judgeFigures(figures({ perInterval: [66, 62, 65, 63], persistentPerIteration: 40, containerPerIteration: 25, timelineSlope: 70 })).verdict).toBe('leak');
  });

  it('lazy initialisation (one interval) is clean', () => {
    const j = judgeFigures(figures({ perInterval: [1440, 0, 1, 0], persistentPerIteration: 480, timelineSlope: 300 }));
    expect(j.verdict).toBe('clean');
    expect(j.bytesPerIteration).toBeLessThan(NOISE_FLOOR);
  });

  it('a cache filling over two intervals, then bounded, is clean', () => {
    const j = judgeFigures(figures({ perInterval: [300, 280, 0, 2], persistentPerIteration: 150, timelineSlope: 200 }));
    expect(j.verdict).toBe('clean');
    // Over the floor on average, kept, but not interval after interval: the check that fails is named.
    expect(j.unmet).toEqual(['steady']);
    expect(j.grewIn).toEqual({ count: 2, of: 4 });
  });

  it('a cache still filling until the last interval is not a leak yet: it is measured longer', () => {
    // lru-cache with max 300: 128, 62, 72 and 0 B/iteration over 4 × 200.
    const filling = figures({ perInterval: [128, 62, 72, 0], persistentPerIteration: 1, containerPerIteration: 36, timelineSlope: 158 });
    expect(judgeFigures(filling).verdict).toBe('clean');
    expect(needsLongerRun(filling)).toBe(true);
    // One odd interval that is not the last does not stop a leak, and is not measured again.
    const noisy = figures({ perInterval: [215, -173, 261, 230], persistentPerIteration: 200, timelineSlope: 220 });
    expect(judgeFigures(noisy).verdict).toBe('leak');
    expect(needsLongerRun(noisy)).toBe(false);
  });

  it('growth that nothing holds (transients caught at a snapshot) is clean', () => {
    expect(judgeFigures(figures({ perInterval: [200, 190, 210, 205], persistentPerIteration: 5, containerPerIteration: 0, timelineSlope: 10 })).verdict).toBe('clean');
  });

  it('growth under the floor per iteration, or per interval, is clean', () => {
    expect(judgeFigures(figures({ perInterval: [40, 41, 42, 40], persistentPerIteration: 40, timelineSlope: 40 })).verdict).toBe('clean');
    // 61 B/iteration over intervals of 60 iterations is 3.6 KiB: a stream's bookkeeping filling up.
    const short = judgeFigures({ intervals: [60, 60, 60, 60], totals: [1e6, 1e6 + 1620, 1e6 + 4980, 1e6 + 11160, 1e6 + 14640], persistentPerIteration: 15, containerPerIteration: 45, timelineSlope: 534 });
    expect(short.verdict).toBe('clean');
    expect(short.reasons[0]).toMatch(/^no .*over intervals of 60 iterations: 160 B\/iteration or more/);
  });

  it('every reason says yes or no, and the timeline is named', () => {
    const j = judgeFigures(figures({ perInterval: [0, 0, 0, 0] }));
    expect(j.reasons.slice(0, 3).every((r) => /^(yes|no ) /.test(r))).toBe(true);
    expect(j.reasons[3]).toMatch(/timeline/);
    expect(j.confidence).toBe('high');
  });
});

describe('the culprit: what grows per iteration', () => {
  const step = (id: number, name: string) => ({ node: { id, type: 'object', name, className: name } });
  const container = (over: Partial<ContainerGrowth>): ContainerGrowth => ({
    id: 7, type: 'object', name: 'Set', perIteration: 190, perInterval: [180, 200, 190, 190], ownBytes: 150_000, edges: 3,
    holder: 'buggy.ts (module) → seen', path: [step(1, 'global'), step(7, 'Set')], ...over,
  });
  const survivors = (over: Partial<CulpritChoice>): CulpritChoice => ({
    type: 'object', name: 'Ticket', count: 600, selfSize: 19_200, rawSelfSize: 19_200, retainedSize: 19_200, offHeapSize: 0,
    path: [step(1, 'global'), step(7, 'Set'), step(9, 'Ticket')], holder: 'buggy.ts (module) → session.pending', holderShare: { count: 600, of: 600 }, holderAt: 1, ...over,
  });
  const base = { intervals: [N, N, N, N] };

  it('a container whose growth the survivors do not explain is the culprit itself (a Set of numbers)', () => {
    const c = chooseCulprit({ ...base, culprit: null, containers: [container({})] })!;
    expect(c.name).toBe('Set');
    expect(c.holder).toBe('buggy.ts (module) → seen');
    expect(c.grows?.perIteration).toBe(190);
  });

  it('objects that explain the growth are the culprit, and the container on their path is named as what grows', () => {
    // 600 Tickets over 3 intervals of 200: 32 B/iteration, against a container growing 40.
    const c = chooseCulprit({ ...base, culprit: survivors({}), containers: [container({ perIteration: 40 })] })!;
    expect(c.name).toBe('Ticket');
    expect(c.grows?.holder).toBe('buggy.ts (module) → seen');
  });

  it('no container, no survivors: no culprit', () => {
    expect(chooseCulprit({ ...base, culprit: null, containers: [] })).toBeNull();
  });
});

describe('slow leaks: the floor falls as intervals lengthen, and an inconclusive run is measured longer', () => {
  /** Totals over `intervals`, growing `perIteration` in each (a step function where given per interval). */
  const over = (intervals: number[], perIteration: number[] | number, start = 3_000_000): number[] => {
    const rates = Array.isArray(perIteration) ? perIteration : intervals.map(() => perIteration);
    const out = [start];
    intervals.forEach((n, i) => out.push(out.at(-1)! + rates[i] * n));
    return out;
  };
  const longer = [250, 500, 1000, 2000];

  it('the floor is a fixed amount per interval, and never under SLOW_FLOOR', () => {
    expect(floorFor(200)).toBe(NOISE_FLOOR);
    expect(floorFor(60)).toBe(160);
    expect(floorFor(3750 / 4)).toBe(SLOW_FLOOR);
    expect(floorFor(100_000)).toBe(SLOW_FLOOR);
  });

  it('a slow leak whose second interval freed a little (Node 22: 14, -5, 15, 18 B/iteration, trend 10) is still measured longer', () => {
    const odd: GrowthFigures = { intervals: [N, N, N, N], totals: over([N, N, N, N], [14, -5, 15, 18]), persistentPerIteration: 16, containerPerIteration: 16, timelineSlope: 102 };
    expect(judgeFigures(odd).verdict).toBe('clean');
    expect(needsLongerRun(odd)).toBe(true);
  });

  it('one 160-byte object every ten iterations (16 B/iteration): inconclusive over 4 × 200, a leak over doubling intervals', () => {
    const short: GrowthFigures = { intervals: [N, N, N, N], totals: over([N, N, N, N], [17, 20, 19, 21]), persistentPerIteration: 19, containerPerIteration: 20, timelineSlope: 109 };
    expect(judgeFigures(short).verdict).toBe('clean');
    expect(needsLongerRun(short)).toBe(true);
    const long: GrowthFigures = { intervals: longer, totals: over(longer, 17), persistentPerIteration: 16, containerPerIteration: 17, timelineSlope: 40 };
    expect(judgeFigures(long).verdict).toBe('leak');
    expect(needsLongerRun(long)).toBe(false);
  });

  it('a Set of small integers, growing in steps as its table doubles, is a leak over doubling intervals', () => {
    // Over 4 × 200 it grew in 2 of 4 intervals (16, 26, 52, 0 B/iteration): inconclusive.
    const short: GrowthFigures = { intervals: [N, N, N, N], totals: over([N, N, N, N], [16, 26, 52, 0]), persistentPerIteration: 1, containerPerIteration: 26, timelineSlope: 116 };
    expect(judgeFigures(short).verdict).toBe('clean');
    expect(needsLongerRun(short)).toBe(true);
    // Over doubling intervals the table doubles in each: 20, 24, 18, 22 B/iteration.
    const long: GrowthFigures = { intervals: longer, totals: over(longer, [20, 24, 18, 22]), persistentPerIteration: 0, containerPerIteration: 21, timelineSlope: 30 };
    expect(judgeFigures(long).verdict).toBe('leak');
  });

  it('traps stay clean and are not measured again: nothing kept, one step, or noise under SLOW_FLOOR', () => {
    const transient: GrowthFigures = { intervals: [N, N, N, N], totals: over([N, N, N, N], [30, 28, 31, 29]), persistentPerIteration: 1, containerPerIteration: 0, timelineSlope: 30 };
    expect(needsLongerRun(transient)).toBe(false);
    const lazy: GrowthFigures = { intervals: [N, N, N, N], totals: over([N, N, N, N], [40, 0, 1, 0]), persistentPerIteration: 30, containerPerIteration: 0, timelineSlope: 30 };
    expect(needsLongerRun(lazy)).toBe(false);
    const residue: GrowthFigures = { intervals: [N, N, N, N], totals: over([N, N, N, N], [4, 5, 3, 4]), persistentPerIteration: 4, containerPerIteration: 0, timelineSlope: 9 };
    expect(needsLongerRun(residue)).toBe(false);
    // Over doubling intervals, a ring that fills during the first three and stops is clean
    // (case 2's fixed variant: 28, 64, 32, 3 B/iteration over 132, 264, 528, 1,056).
    const ring: GrowthFigures = { intervals: [132, 264, 528, 1056], totals: over([132, 264, 528, 1056], [28, 64, 32, 3]), persistentPerIteration: 0, containerPerIteration: 32, timelineSlope: 65 };
    expect(judgeFigures(ring).verdict).toBe('clean');
    // Over doubling intervals, a residue that fills 8 KiB and stops is clean.
    const fills: GrowthFigures = { intervals: longer, totals: [3e6, 3e6 + 6000, 3e6 + 8000, 3e6 + 8200, 3e6 + 8300], persistentPerIteration: 3, containerPerIteration: 0, timelineSlope: 5 };
    expect(judgeFigures(fills).verdict).toBe('clean');
  });

  it('a longer measurement doubles its intervals, the same on every machine', () => {
    expect(longerSchedule(200)).toEqual([250, 500, 1000, 2000]);
    expect(longerSchedule(40)).toEqual([250, 500, 1000, 2000]);
    expect(longerSchedule(400)).toEqual([400, 800, 1600, 3200]);
    expect(LONGER_BUDGET_SECONDS).toBe(30);
  });
});

describe('the culprit is what the program keeps making (growth.ts madeSteadily)', () => {
  const intervals = [200, 200, 200];
  it('a step made in one interval counts for nothing; what is made all along, for all but one interval', () => {
    // step-beside-leak: Arrays (a 4,000-row table filled once in the second interval beside a
    // small array per record) against the records made every interval.
    const arrays = madeSteadily([12_912, 620_920, 12_800], intervals);
    const records = madeSteadily([22_400, 22_400, 22_400], intervals);
    expect(records).toBe(224);
    expect(arrays).toBeCloseTo(128.56, 2);
    expect(records).toBeGreaterThan(arrays);
    expect(madeSteadily([0, 576_000, 0], intervals)).toBe(0);
  });

  it('a leak made in chunks fewer than one per interval still counts (Node 26: 64 KiB pool slabs in two intervals of three)', () => {
    const slabs = madeSteadily([65_600, 65_600, 0], intervals);
    const views = madeSteadily([5_200, 5_200, 5_200], intervals);
    expect(slabs).toBe(328);
    expect(slabs).toBeGreaterThan(views);
  });

  it('rates per iteration over doubling intervals: a steady leak made over 250, 500 and 1,000 iterations is steady', () => {
    expect(madeSteadily([4_000, 8_000, 16_000], [250, 500, 1_000])).toBe(32);
  });
});
