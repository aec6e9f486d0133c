// What grew in one variant's run, from its snapshots S0..SK and its timeline: plain figures
// and named holders, gathered once. The judgement (verdict.ts) is a pure function of them.
//
// Three kinds of evidence:
//  1. totals: the program's bytes at each snapshot (engine code and shapes left out);
//  2. survivors: objects allocated during the run and still alive at SK; those allocated
//     before S(K-1) outlived at least a whole interval;
//  3. containers: objects alive in every snapshot (same id) whose own size grows interval
//     after interval. An array used as a queue, a Set whose hash table is rebuilt as it grows,
//     a dictionary-mode object, a never-settling promise's reactions: their backing stores are
//     new each time, so survivors alone miss them. An object's own size is what it retains
//     less what its long-lived descendants retain (those are containers of their own), so
//     growth is put on the lowest object that explains it, not on every ancestor.

import type { Sample } from '../run/protocol.ts';
import {
  classKey,
  CONTEXT,
  countByClass,
  descendWrappers,
  ENGINE_TYPES,
  forEachTopmost,
  hasAllocationStacks,
  HeapAnalysis,
  holderText,
  largestGroup,
  programPath,
  readHeapSnapshot,
  summarizeClasses,
  survivorMask,
  survivors,
  UNREACHABLE,
  type ClassStats,
  type HeapSnapshot,
  type PathStep,
  type RetainerTree,
} from '../heap/index.ts';
import { allocationSitesOf, type AllocationSiteResult, type SiteOptions } from './allocation-sites.ts';
import { snapshotPositions, theilSen, timelineSlope } from './trend.ts';

export type { AllocationSiteResult };

/** Containers listed at most (largest growth first). */
const MAX_CONTAINERS = 5;
/** A container is listed when its own size grows at least this many bytes per iteration. */
const CONTAINER_MIN_PER_ITERATION = 8;
/**
 * Classes whose path is kept for a high-water comparison (largest held first): the excess
 * over the fixed variant is looked for among these, since the fixed run is not known yet.
 */
const HELD_PATHS = 16;

/** A class's survivors (first seen after S0, alive in SK), as the analyzer summarizes them in SK. */
export interface ClassGrowth extends ClassStats {
  /** Allocated before S(K-1) and still alive at SK: they outlived a whole interval. */
  persistentCount: number;
  persistentBytes: number;
  /** Allocated during the last interval and alive at SK. */
  recentCount: number;
  recentBytes: number;
}

/** An object alive in every snapshot whose own size grew. */
export interface ContainerGrowth {
  id: number;
  type: string;
  name: string;
  /** Trend of its own size (Theil–Sen), bytes per iteration. */
  perIteration: number;
  /** Growth of its own size in each interval, bytes per iteration. */
  perInterval: number[];
  /** Its own size at the last snapshot. */
  ownBytes: number;
  /** Objects it holds directly at the last snapshot (elements, entries, properties). */
  edges: number;
  /** The holder as the program names it: `buggy.ts (module) → queue`. */
  holder: string;
  path: PathStep[];
}

/** The survivors' class that explains the growth, with the members that make it up. */
export interface CulpritChoice extends ClassStats {
  path: PathStep[];
  holder: string;
  /** How many of the members `holder` holds, of how many. */
  holderShare: { count: number; of: number };
  /** Index in `path` of the holding object (-1 when it is not on the path). */
  holderAt: number;
  /** Where the culprit's objects were allocated, when the snapshots carry allocation stacks. */
  allocationSites?: AllocationSiteResult[];
}

export interface HeldClass {
  type: string;
  name: string;
  count: number;
  bytes: number;
}

/** Everything the verdict reads: figures and named holders, no live snapshot. */
export interface Growth {
  /** Iterations in each measured interval. */
  intervals: number[];
  /** The program's bytes (self sizes, backing stores included, engine code left out) at S0..SK. */
  totals: number[];
  /** Growth of the totals per iteration, in each interval. */
  perInterval: number[];
  /** Bytes per iteration of objects that outlived a whole interval. */
  persistentPerIteration: number;
  /** Least-squares slope of heapUsed + external over the samples from S0 on, bytes per iteration. */
  timelineSlope: number;
  survivors: { count: number; bytes: number };
  /** Classes with survivors, most persistent bytes first. */
  classes: ClassGrowth[];
  /** Long-lived objects whose own size grew, largest growth first. */
  containers: ContainerGrowth[];
  /** The survivors' culprit class, or null when nothing outlived an interval. */
  culprit: CulpritChoice | null;
  /** Every class at SK by shallow bytes (off-heap included), for high-water comparisons. */
  heldByClass: Record<string, HeldClass>;
  /** For the classes holding the most at SK: all members' stats and their path. */
  heldDetails: Record<string, { stats: ClassStats; path: PathStep[]; holder: string; holderShare: { count: number; of: number }; holderAt: number }>;
}

/** Sum of the self sizes of the program's nodes (engine types left out). */
export function programBytes(analysis: HeapAnalysis): number {
  const snap = analysis.snapshot;
  let total = 0;
  for (let node = 0; node < snap.nodeCount; node++) if (!analysis.isEngine(node)) total += snap.nodeSelfSize[node];
  return total;
}

/** Source maps and the case folder, for allocation sites (allocation-sites.ts). */
export type MeasureOptions = SiteOptions;

export async function measureGrowth(files: readonly string[], timeline: Sample[], intervals: readonly number[], options: MeasureOptions = {}): Promise<Growth> {
  if (files.length < 3) throw new Error(`growth needs at least 3 snapshots, got ${files.length}`);
  if (intervals.length !== files.length - 1) throw new Error(`${files.length} snapshots need ${files.length - 1} intervals, got ${intervals.length}`);
  const snaps: HeapSnapshot[] = [];
  for (const file of files) snaps.push(await readHeapSnapshot(file));
  const K = snaps.length - 1;
  const last = snaps[K];
  const analysis = new HeapAnalysis(last);
  const paths: Paths = { analysis, program: analysis.programRetainers };
  const pathTo = (node: number): PathStep[] => analysis.scopes.annotate(programPath(last, analysis.retainers, paths.program, node));

  // Survivors of the run (heap/diff.ts), split by whether they outlived an interval.
  const run = survivors(snaps[0], analysis);
  const recent = survivorMask(snaps[K - 1], analysis);
  const persistent = new Uint8Array(last.nodeCount);
  let persistentTotal = 0;
  for (let node = 0; node < last.nodeCount; node++) {
    if (!run.mask[node]) recent[node] = 0;
    else if (!recent[node]) {
      persistent[node] = 1;
      persistentTotal += last.nodeSelfSize[node];
    }
  }
  const classIndex = analysis.classes;
  const k = classIndex.names.length;
  const outlived = countByClass(last, classIndex, persistent);
  const lately = countByClass(last, classIndex, recent);
  const classes: ClassGrowth[] = run.classes.map((stats) => ({ ...stats, persistentCount: 0, persistentBytes: 0, recentCount: 0, recentBytes: 0 }));
  const byKey = new Map(classes.map((c) => [classKey(c), c]));
  for (let c = 0; c < k; c++) {
    const row = byKey.get(classKey({ type: classIndex.types[c], name: classIndex.names[c] }));
    if (!row) continue;
    row.persistentCount = outlived.count[c];
    row.persistentBytes = outlived.bytes[c];
    row.recentCount = lately.count[c];
    row.recentBytes = lately.bytes[c];
  }
  classes.sort((a, b) => b.persistentBytes - a.persistentBytes || b.selfSize - a.selfSize);

  // Held at SK, by class, for high-water comparisons.
  const held = countByClass(last, classIndex);
  const heldByClass: Record<string, HeldClass> = {};
  for (let c = 0; c < k; c++) {
    const type = classIndex.types[c];
    const name = classIndex.names[c];
    if (held.count[c]) heldByClass[classKey({ type, name })] = { type, name, count: held.count[c], bytes: held.bytes[c] };
  }
  const allStats = new Map(summarizeClasses(analysis).map((s) => [classKey(s), s]));
  const heldDetails: Growth['heldDetails'] = {};
  const heaviest = Array.from({ length: k }, (_, c) => c)
    .filter((c) => held.count[c] && !ENGINE_TYPES.has(classIndex.types[c]))
    .sort((a, b) => held.bytes[b] - held.bytes[a])
    .slice(0, HELD_PATHS);
  for (const c of heaviest) {
    const members: number[] = [];
    for (let node = 0; node < last.nodeCount; node++) if (classIndex.classOfNode[node] === c) members.push(node);
    // Every member of a class is counted here, the runtime's own too (a class as common as
    // Object): its path is one the program holds, when it holds any.
    const programs = members.filter((node) => paths.program.distance[node] !== UNREACHABLE);
    const { path, holder, share, holderAt } = heldBy(paths, programs.length ? programs : members);
    const key = classKey({ type: classIndex.types[c], name: classIndex.names[c] });
    const stats = allStats.get(key);
    if (stats) heldDetails[key] = { stats, path, holder, holderShare: share, holderAt };
  }

  const analyses = snaps.map((snap, s) => (s === K ? analysis : new HeapAnalysis(snap)));
  const totals = analyses.map(programBytes);
  const perInterval = totals.slice(1).map((t, i) => (t - totals[i]) / intervals[i]);
  const containers = growingContainers(analyses, intervals).map((c) => {
    const node = analysis.ordinalOfId(c.id);
    const path = pathTo(node);
    return { ...c, type: last.typeName(node), name: last.className(node), holder: holderText(path), path };
  });

  return {
    intervals: [...intervals],
    totals,
    perInterval,
    // Those that outlived an interval were made before the last one began.
    persistentPerIteration: persistentTotal / intervals.slice(0, -1).reduce((a, b) => a + b, 0),
    timelineSlope: timelineSlope(timeline),
    survivors: { count: run.count, bytes: run.bytes },
    classes,
    containers,
    culprit: culpritOfSurvivors(paths, persistent, birthIntervals(snaps, persistent, intervals), options),
    heldByClass,
    heldDetails,
  };
}

/**
 * Objects alive in every snapshot whose own size grows: at least CONTAINER_MIN_PER_ITERATION
 * bytes per iteration over the run, and in all intervals but one. Computed per snapshot in one
 * walk of its dominator tree: each node's program bytes retained (engine types left out), less
 * what the nearest long-lived objects below it retain.
 */
function growingContainers(analyses: HeapAnalysis[], intervals: readonly number[]): { id: number; perIteration: number; perInterval: number[]; ownBytes: number; edges: number }[] {
  const K = analyses.length - 1;
  const at = snapshotPositions(intervals);
  const last = analyses[K];
  const lastSnap = last.snapshot;
  // Ids alive in every snapshot.
  let stable = new Set<number>();
  const first = analyses[0].snapshot;
  for (let node = 0; node < first.nodeCount; node++) stable.add(first.nodeId[node]);
  for (const { snapshot: snap } of analyses.slice(1)) {
    const next = new Set<number>();
    for (let node = 0; node < snap.nodeCount; node++) if (stable.has(snap.nodeId[node])) next.add(snap.nodeId[node]);
    stable = next;
  }
  // Own bytes of each long-lived object in each snapshot, in one array by its ordinal in SK.
  const n = lastSnap.nodeCount;
  const own = new Float64Array((K + 1) * n);
  const seen = new Uint8Array(n);
  analyses.forEach((analysis, s) => {
    ownSizes(analysis, stable, (id, bytes) => {
      const node = last.ordinalOfId(id);
      own[node * (K + 1) + s] = bytes;
      seen[node] = 1;
    });
  });
  const found: { id: number; perIteration: number; perInterval: number[]; ownBytes: number; edges: number }[] = [];
  for (let node = 0; node < n; node++) {
    if (!seen[node]) continue;
    const base = node * (K + 1);
    let growing = 0;
    for (let i = 0; i < K; i++) if (own[base + i + 1] > own[base + i]) growing++;
    if (growing < K - 1 || own[base + K] - own[base] < CONTAINER_MIN_PER_ITERATION * at[K] * 0.5) continue;
    const series = Array.from(own.subarray(base, base + K + 1));
    const trend = theilSen(series, at);
    if (trend < CONTAINER_MIN_PER_ITERATION) continue;
    found.push({
      id: lastSnap.nodeId[node],
      perIteration: trend,
      perInterval: series.slice(1).map((v, i) => (v - series[i]) / intervals[i]),
      ownBytes: series[K],
      edges: lastSnap.firstEdge[node + 1] - lastSnap.firstEdge[node],
    });
  }
  return found.sort((a, b) => b.perIteration - a.perIteration).slice(0, MAX_CONTAINERS);
}

/** Node types that own what they hold: objects, closures, native objects, regexps (not bare backing stores). */
const OWNER_TYPES = ['object', 'closure', 'native', 'regexp'];

/**
 * For each long-lived program object (an id in `stable`, not an engine type, not a bare
 * backing store): the program bytes it retains, less what the nearest long-lived objects in
 * its dominator subtree retain. Backing stores (array and hidden nodes) belong to their owner.
 */
function ownSizes(analysis: HeapAnalysis, stable: Set<number>, report: (id: number, bytes: number) => void): void {
  const snap = analysis.snapshot;
  const { idom } = analysis.dominators;
  const { firstChild, children } = analysis.dominatorTree;
  const n = snap.nodeCount;
  const owner = new Uint8Array(snap.nodeTypes.length);
  for (const type of OWNER_TYPES) {
    const code = snap.nodeTypes.indexOf(type);
    if (code >= 0) owner[code] = 1;
  }
  const counted = (node: number): boolean => owner[snap.nodeType[node]] === 1 && stable.has(snap.nodeId[node]);
  // Preorder of the dominator tree, and each node's nearest counted strict ancestor.
  const order = new Uint32Array(n);
  const nearest = new Int32Array(n).fill(-1);
  let size = 0;
  const stack = [snap.rootOrdinal];
  while (stack.length) {
    const node = stack.pop()!;
    order[size++] = node;
    const above = counted(node) ? node : nearest[node];
    for (let i = firstChild[node]; i < firstChild[node + 1]; i++) {
      nearest[children[i]] = above;
      stack.push(children[i]);
    }
  }
  // Bottom-up: program bytes retained, and own bytes (retained less counted descendants').
  const retained = new Float64Array(n);
  const ownBytes = new Float64Array(n);
  for (let i = size - 1; i >= 0; i--) {
    const node = order[i];
    retained[node] += analysis.isEngine(node) ? 0 : snap.nodeSelfSize[node];
    ownBytes[node] += retained[node];
    if (node !== snap.rootOrdinal) retained[idom[node]] += retained[node];
    if (counted(node) && nearest[node] >= 0) ownBytes[nearest[node]] -= retained[node];
  }
  for (let i = 0; i < size; i++) {
    const node = order[i];
    if (counted(node) && node !== snap.rootOrdinal) report(snap.nodeId[node], ownBytes[node]);
  }
}

/**
 * The class that explains the survivors' growth. Among the objects that outlived an interval,
 * start from the class whose members retain the most (each counted once, as DevTools does),
 * then descend through wrappers (heap/descend.ts): a Buffer view gives way to the backing
 * store it keeps, a sliced string to its parent, a closure to its Context.
 */
function culpritOfSurvivors(paths: Paths, persistent: Uint8Array, births: Births, options: MeasureOptions): CulpritChoice | null {
  const analysis = paths.analysis;
  const snap = analysis.snapshot;
  const dom = analysis.dominators;
  const start = startOfDescent(analysis, persistent, births);
  if (!start) return null;
  const choice = descendWrappers(analysis, start, { stopAtScope: true });
  const { path, holder, share, holderAt } = heldBy(paths, choice.members);
  let selfSize = 0;
  let rawSelfSize = 0;
  let retainedSize = 0;
  let offHeapSize = 0;
  for (const node of choice.members) {
    selfSize += snap.nodeSelfSize[node];
    rawSelfSize += snap.nodeRawSelfSize[node];
    retainedSize += dom.retainedSize[node];
    offHeapSize += dom.retainedOffHeap(node);
  }
  const sites = hasAllocationStacks(snap) ? allocationSitesOf(analysis, choice.members, options) : undefined;
  // A scope is named by the variable that keeps the most: `describe() → backlog`.
  const variable = choice.name === CONTEXT ? heaviestVariable(analysis, choice.members) : null;
  return {
    type: choice.type,
    name: choice.name,
    count: choice.members.length,
    selfSize,
    rawSelfSize,
    retainedSize,
    offHeapSize,
    path,
    holder: `${holder}${variable ? ` → ${variable}` : ''}`,
    holderShare: share,
    holderAt,
    ...(sites ? { allocationSites: sites } : {}),
  };
}

/** At most this many groups of intervals are told apart (attach --rounds may ask for many). */
const MAX_BIRTH_GROUPS = 4;

/**
 * When each object that outlived an interval was made, in groups of consecutive intervals
 * (every interval but the last, at most MAX_BIRTH_GROUPS groups).
 */
interface Births {
  /** Per node of SK: its group, 1-based, for a heap object made after S0 and alive since; else 0. */
  group: Uint8Array;
  /** The SK survivors that outlived an interval (what `group` was filled for, natives included). */
  persistent: Uint8Array;
  /** Iterations in each group. */
  lengths: number[];
}

/**
 * V8 numbers new heap objects in increasing order (odd ids, one counter), so one of SK was
 * made in interval i when its id is above the largest odd id of S(i-1) and at most that of
 * S(i). The embedder's native objects have even ids that are no sequence (on Node 20 they are
 * truncated addresses): they are given their owner's interval later (madeBelow).
 */
function birthIntervals(snaps: HeapSnapshot[], persistent: Uint8Array, intervals: readonly number[]): Births {
  const last = snaps[snaps.length - 1];
  const maxIds = snaps.map((snap) => {
    let max = 0;
    for (let node = 0; node < snap.nodeCount; node++) {
      const id = snap.nodeId[node];
      if (id & 1 && id > max) max = id;
    }
    return max;
  });
  const outlivable = intervals.slice(0, -1);
  const m = outlivable.length;
  const groups = Math.min(m, MAX_BIRTH_GROUPS);
  const groupOf = (interval: number): number => 1 + Math.floor(((interval - 1) * groups) / m);
  const lengths = new Array<number>(groups).fill(0);
  outlivable.forEach((length, i) => (lengths[groupOf(i + 1) - 1] += length));
  const group = new Uint8Array(last.nodeCount);
  for (let node = 0; node < last.nodeCount; node++) {
    const id = last.nodeId[node];
    if (!persistent[node] || !(id & 1)) continue;
    let i = 1;
    while (i < m && id > maxIds[i]) i++;
    group[node] = groupOf(i);
  }
  return { group, persistent, lengths };
}

/**
 * The topmost members of the class that explains the survivors. Two preferences, in order:
 *  1. What the program keeps making. A class is scored by the bytes its members retain that
 *     were made in each interval, per iteration, summed over every interval but its biggest
 *     one. A step made once counts in one interval, so not at all: a library's lazy start
 *     finishing mid-run (axios touching `fetch` makes undici compile its HTTP parser in the
 *     background; on a loaded machine it landed between S1 and S2, bigger than the leak), or
 *     one array filled once beside many small ones made all along. What a leak makes in
 *     chunks fewer than one per interval still counts (Node 26's 64 KiB Buffer pool slabs,
 *     pinned by views, came in two intervals of three). When no class was made in two
 *     intervals, the class whose members retain the most.
 *  2. A bare backing store (an elements store, a hash table: array and hidden nodes) is how a
 *     container keeps what grows, not what grows: the objects themselves come first when any
 *     outlived an interval.
 */
function startOfDescent(analysis: HeapAnalysis, persistent: Uint8Array, births: Births): number[] | null {
  const snap = analysis.snapshot;
  const { retainedSize } = analysis.dominators;
  const { names, types } = analysis.classes;
  const k = names.length;
  const m = births.lengths.length;
  const made = madeBelow(analysis, births);
  const retained = new Float64Array(k);
  const madeByClass = new Float64Array(k * m);
  const topmost: number[][] = Array.from({ length: k }, () => []);
  forEachTopmost(analysis, (node) => persistent[node] === 1 && !analysis.isEngine(node), (node, c) => {
    retained[c] += retainedSize[node];
    for (let i = 0; i < m; i++) madeByClass[c * m + i] += made[node * m + i];
    topmost[c].push(node);
  });
  const steady = new Float64Array(k);
  for (let c = 0; c < k; c++) steady[c] = madeSteadily(Array.from(madeByClass.subarray(c * m, c * m + m)), births.lengths);
  const storage = new Uint8Array(snap.nodeTypes.length);
  for (const type of [snap.T.array, snap.T.hidden]) if (type >= 0) storage[type] = 1;
  const typeCode = types.map((t) => snap.nodeTypes.indexOf(t));
  const passes: { eligible: (c: number) => boolean; score: Float64Array }[] = [
    { eligible: (c) => steady[c] > 0 && !storage[typeCode[c]], score: steady },
    { eligible: (c) => steady[c] > 0, score: steady },
    { eligible: (c) => !storage[typeCode[c]], score: retained },
    { eligible: () => true, score: retained },
  ];
  for (const { eligible, score } of passes) {
    let best = -1;
    for (let c = 0; c < k; c++) {
      if (!topmost[c].length || !eligible(c)) continue;
      if (best < 0 || score[c] > score[best]) best = c;
    }
    if (best >= 0) return topmost[best];
  }
  return null;
}

/**
 * Bytes made per iteration in every interval but the biggest one: 0 for a step made in one
 * interval, most of the total for what is made all along or in chunks (startOfDescent).
 * `made[i]` bytes were made in an interval of `lengths[i]` iterations.
 */
export function madeSteadily(made: readonly number[], lengths: readonly number[]): number {
  let sum = 0;
  let biggest = 0;
  made.forEach((bytes, i) => {
    const rate = bytes / lengths[i];
    sum += rate;
    biggest = Math.max(biggest, rate);
  });
  return sum - biggest;
}

/**
 * For every node, the self sizes in its dominator subtree of the objects that outlived an
 * interval, split by when each was made: `made[node * m + g]` for group g + 1. What a node
 * retains, told by when it was made. A native object (an ArrayBuffer's backing store, a
 * slab) counts as made when the nearest heap object that dominates it was. Float32: a score,
 * not a figure, over nodeCount × m (m at most MAX_BIRTH_GROUPS).
 */
function madeBelow(analysis: HeapAnalysis, births: Births): Float32Array {
  const snap = analysis.snapshot;
  const { idom } = analysis.dominators;
  const { firstChild, children } = analysis.dominatorTree;
  const m = births.lengths.length;
  const made = new Float32Array(snap.nodeCount * m);
  // Preorder, and for each node the group of the nearest heap object (odd id) at or above it.
  const order = new Uint32Array(snap.nodeCount);
  const ownerGroup = new Uint8Array(snap.nodeCount);
  let size = 0;
  const stack = [snap.rootOrdinal];
  while (stack.length) {
    const node = stack.pop()!;
    order[size++] = node;
    if (snap.nodeId[node] & 1) ownerGroup[node] = births.group[node];
    for (let i = firstChild[node]; i < firstChild[node + 1]; i++) {
      ownerGroup[children[i]] = ownerGroup[node];
      stack.push(children[i]);
    }
  }
  for (let i = size - 1; i > 0; i--) {
    const node = order[i];
    const born = births.persistent[node] ? ownerGroup[node] : 0;
    if (born && !analysis.isEngine(node)) made[node * m + born - 1] += snap.nodeSelfSize[node];
    const parent = idom[node] * m;
    for (let j = 0; j < m; j++) made[parent + j] += made[node * m + j];
  }
  return made;
}

/** The context variable whose values retain the most, over the members (Contexts). */
function heaviestVariable(analysis: HeapAnalysis, contexts: number[]): string | null {
  const snap = analysis.snapshot;
  const { idom, retainedSize } = analysis.dominators;
  const byName = new Map<string, number>();
  for (const context of contexts) {
    for (let e = snap.firstEdge[context]; e < snap.firstEdge[context + 1]; e++) {
      if (snap.edgeType[e] !== snap.E.context) continue;
      const to = snap.edgeTo[e];
      // Only what this scope alone keeps counts: what it dominates.
      if (idom[to] !== context) continue;
      const name = snap.edgeName(e);
      byName.set(name, (byName.get(name) ?? 0) + retainedSize[to]);
    }
  }
  let best: [string, number] | null = null;
  for (const entry of byName) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0] ?? null;
}

/** How paths are found in the last snapshot: the program's own modules first. */
interface Paths {
  analysis: HeapAnalysis;
  /** Shortest paths from the program's own modules (see programPath). */
  program: RetainerTree;
}

/** Who holds the most of a class's members, as the program names it, and the path to one of them. */
interface HeldBy {
  path: PathStep[];
  holder: string;
  /** How many of the members the holder holds, of how many (members that only the engine holds do not count). */
  share: { count: number; of: number };
  /** Index in `path` of the holding object. */
  holderAt: number;
}

/**
 * The members grouped by the object that holds them (heap/groups.ts); the largest group's
 * holder, named by the path to its member that retains the most. Paths are read on the
 * program's own paths when a member has one (see programPath).
 */
function heldBy(paths: Paths, members: number[]): HeldBy {
  const analysis = paths.analysis;
  const snap = analysis.snapshot;
  const group = largestGroup(analysis, members);
  if (!group) return { path: [], holder: '', share: { count: 0, of: 0 }, holderAt: -1 };
  const path = analysis.scopes.annotate(programPath(snap, analysis.retainers, paths.program, group.representative));
  const id = snap.nodeId[group.holder];
  return { path, holder: holderText(path, id), share: { count: group.count, of: group.of }, holderAt: path.findIndex((step) => step.node.id === id) };
}
