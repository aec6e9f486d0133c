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

import { SourceMap } from 'node:module';
import type { Sample } from '../run/protocol.ts';
import {
  allocationSites,
  Analysis,
  formatFrame,
  hasAllocationStacks,
  newSince,
  readHeapSnapshot,
  summarizeClasses,
  UNREACHABLE,
  type AllocationFrame,
  type ClassStats,
  type Dominators,
  type HeapSnapshot,
  type PathStep,
} from '../heap/index.ts';
import { forEachTopmost } from '../heap/summary.ts';
import { backingStoreNames } from '../heap/dominators.ts';
import { computeRetainerTree, holderText, programPath, type RetainerTree } from '../heap/paths.ts';
import { ScopeNames } from '../heap/scopes.ts';
import { theilSen } from './trend.ts';

/** Where a culprit's objects were allocated (--alloc-stacks). */
export interface AllocationSiteResult {
  functionName: string;
  /** Relative to the case folder when inside it. */
  scriptName: string;
  line: number;
  column: number;
  count: number;
  selfSize: number;
  /** Up to five frames, innermost first, as `function file:line:column`. */
  stack: string[];
}

/**
 * Node types that are the engine's own and not the program's memory: compiled code and
 * feedback (which grow while V8 tiers functions up, for thousands of iterations) and object
 * shapes. They are left out of every growth figure; the synthetic roots have no size.
 */
const ENGINE_TYPES = new Set(['code', 'object shape', 'synthetic']);
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
  /** Iterations per interval. */
  iterations: number;
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
  heldDetails: Record<string, { stats: ClassStats; path: PathStep[]; holder: string }>;
}

export const classKey = (c: { type: string; name: string }): string => `${c.type}:${c.name}`;

/** Sum of the self sizes of the program's nodes (engine types left out). */
export function programBytes(snap: HeapSnapshot): number {
  const engine = engineTypeCodes(snap);
  let total = 0;
  for (let node = 0; node < snap.nodeCount; node++) if (!engine[snap.nodeType[node]]) total += snap.nodeSelfSize[node];
  return total;
}

function engineTypeCodes(snap: HeapSnapshot): Uint8Array {
  return Uint8Array.from(snap.nodeTypes, (t) => (ENGINE_TYPES.has(t) ? 1 : 0));
}

export interface MeasureOptions {
  /** Source maps of the case's modules (with allocation tracking), by URL or path. */
  sourceMaps?: Record<string, unknown>;
  /** The case folder: allocation sites inside it are shown relative to it. */
  caseDir?: string;
}

export async function measureGrowth(files: readonly string[], timeline: Sample[], iterations: number, options: MeasureOptions = {}): Promise<Growth> {
  if (files.length < 3) throw new Error(`growth needs at least 3 snapshots, got ${files.length}`);
  const snaps: HeapSnapshot[] = [];
  for (const file of files) snaps.push(await readHeapSnapshot(file));
  const K = snaps.length - 1;
  const last = snaps[K];
  const analysis = new Analysis(last);
  const dom = analysis.dominators;
  const scopes = new ScopeNames(last);
  const paths: Paths = { analysis, scopes, program: computeRetainerTree(last, scopes.programModules(isProgramFile)) };
  const pathTo = (node: number): PathStep[] => scopes.annotate(programPath(last, analysis.retainers, paths.program, node));

  // Survivors of the run, split by whether they outlived an interval.
  const ownersLast = backingStoreOwners(last);
  const survivors = withBackingStores(newSince(snaps[0], last), ownersLast);
  const recent = withBackingStores(newSince(snaps[K - 1], last), ownersLast);
  const engine = engineTypeCodes(last);
  const { classOfNode, classNames, classTypes } = last.classIndex();
  const k = classNames.length;
  const persistentCount = new Float64Array(k);
  const persistentBytes = new Float64Array(k);
  const recentCount = new Float64Array(k);
  const recentBytes = new Float64Array(k);
  const persistent = new Uint8Array(last.nodeCount);
  let survivorCount = 0;
  let survivorBytes = 0;
  let persistentTotal = 0;
  for (let node = 0; node < last.nodeCount; node++) {
    if (engine[last.nodeType[node]]) survivors[node] = 0;
    if (!survivors[node]) continue;
    const c = classOfNode[node];
    const size = last.nodeSelfSize[node];
    survivorCount++;
    survivorBytes += size;
    if (recent[node]) {
      recentCount[c]++;
      recentBytes[c] += size;
    } else {
      persistentCount[c]++;
      persistentBytes[c] += size;
      persistentTotal += size;
      persistent[node] = 1;
    }
  }
  const classes: ClassGrowth[] = summarizeClasses(last, dom, survivors).map((stats) => ({ ...stats, persistentCount: 0, persistentBytes: 0, recentCount: 0, recentBytes: 0 }));
  const byKey = new Map(classes.map((c) => [classKey(c), c]));
  for (let c = 0; c < k; c++) {
    const row = byKey.get(`${classTypes[c]}:${classNames[c]}`);
    if (!row) continue;
    row.persistentCount = persistentCount[c];
    row.persistentBytes = persistentBytes[c];
    row.recentCount = recentCount[c];
    row.recentBytes = recentBytes[c];
  }
  classes.sort((a, b) => b.persistentBytes - a.persistentBytes || b.selfSize - a.selfSize);

  // Held at SK, by class, for high-water comparisons.
  const heldCount = new Float64Array(k);
  const heldBytes = new Float64Array(k);
  for (let node = 0; node < last.nodeCount; node++) {
    heldCount[classOfNode[node]]++;
    heldBytes[classOfNode[node]] += last.nodeSelfSize[node];
  }
  const heldByClass: Record<string, HeldClass> = {};
  for (let c = 0; c < k; c++) {
    if (heldCount[c]) heldByClass[`${classTypes[c]}:${classNames[c]}`] = { type: classTypes[c], name: classNames[c], count: heldCount[c], bytes: heldBytes[c] };
  }
  const allStats = new Map(summarizeClasses(last, dom).map((s) => [classKey(s), s]));
  const heldDetails: Growth['heldDetails'] = {};
  const heaviest = Array.from({ length: k }, (_, c) => c)
    .filter((c) => heldCount[c] && !ENGINE_TYPES.has(classTypes[c]))
    .sort((a, b) => heldBytes[b] - heldBytes[a])
    .slice(0, HELD_PATHS);
  for (const c of heaviest) {
    const members: number[] = [];
    for (let node = 0; node < last.nodeCount; node++) if (classOfNode[node] === c) members.push(node);
    // Every member of a class is counted here, the runtime's own too (a class as common as
    // Object): its path is one the program holds, when it holds any.
    const programs = members.filter((node) => paths.program.distance[node] !== UNREACHABLE);
    const path = representativePath(last, paths, programs.length ? programs : members);
    const key = `${classTypes[c]}:${classNames[c]}`;
    const stats = allStats.get(key);
    if (stats) heldDetails[key] = { stats, path, holder: holderText(path) };
  }

  const totals = snaps.map(programBytes);
  const perInterval = totals.slice(1).map((t, i) => (t - totals[i]) / iterations);
  const containers = growingContainers(snaps, dom, iterations).map((c) => {
    const node = last.ordinalOfId(c.id);
    const path = pathTo(node);
    return { ...c, type: last.typeName(node), name: last.className(node), holder: holderText(path), path };
  });

  return {
    iterations,
    totals,
    perInterval,
    persistentPerIteration: persistentTotal / ((K - 1) * iterations),
    timelineSlope: slope(timeline),
    survivors: { count: survivorCount, bytes: survivorBytes },
    classes,
    containers,
    culprit: culpritOfSurvivors(last, paths, persistent, options),
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
function growingContainers(snaps: HeapSnapshot[], lastDominators: Dominators, iterations: number): { id: number; perIteration: number; perInterval: number[]; ownBytes: number; edges: number }[] {
  const K = snaps.length - 1;
  const last = snaps[K];
  // Ids alive in every snapshot.
  let stable = new Set<number>();
  for (let node = 0; node < snaps[0].nodeCount; node++) stable.add(snaps[0].nodeId[node]);
  for (const snap of snaps.slice(1)) {
    const next = new Set<number>();
    for (let node = 0; node < snap.nodeCount; node++) if (stable.has(snap.nodeId[node])) next.add(snap.nodeId[node]);
    stable = next;
  }
  // Own bytes of each long-lived object in each snapshot, in one array by its ordinal in SK.
  const n = last.nodeCount;
  const own = new Float64Array((K + 1) * n);
  const seen = new Uint8Array(n);
  snaps.forEach((snap, s) => {
    const dom = s === K ? lastDominators : new Analysis(snap).dominators;
    ownSizes(snap, dom, stable, (id, bytes) => {
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
    if (growing < K - 1 || own[base + K] - own[base] < CONTAINER_MIN_PER_ITERATION * K * iterations * 0.5) continue;
    const series = Array.from(own.subarray(base, base + K + 1));
    const trend = theilSen(series) / iterations;
    if (trend < CONTAINER_MIN_PER_ITERATION) continue;
    found.push({
      id: last.nodeId[node],
      perIteration: trend,
      perInterval: series.slice(1).map((v, i) => (v - series[i]) / iterations),
      ownBytes: series[K],
      edges: last.firstEdge[node + 1] - last.firstEdge[node],
    });
  }
  return found.sort((a, b) => b.perIteration - a.perIteration).slice(0, MAX_CONTAINERS);
}

/**
 * For each long-lived program object (an id in `stable`, not an engine type, not a bare
 * backing store): the program bytes it retains, less what the nearest long-lived objects in
 * its dominator subtree retain. Backing stores (array and hidden nodes) belong to their owner.
 */
function ownSizes(snap: HeapSnapshot, dom: Dominators, stable: Set<number>, report: (id: number, bytes: number) => void): void {
  const n = snap.nodeCount;
  const engine = engineTypeCodes(snap);
  const owner = new Uint8Array(snap.nodeTypes.length);
  for (const type of ['object', 'closure', 'native', 'regexp']) {
    const code = snap.nodeTypes.indexOf(type);
    if (code >= 0) owner[code] = 1;
  }
  const counted = (node: number): boolean => owner[snap.nodeType[node]] === 1 && stable.has(snap.nodeId[node]);
  // Preorder of the dominator tree, and each node's nearest counted strict ancestor.
  const order = new Uint32Array(n);
  const nearest = new Int32Array(n).fill(-1);
  const { firstChild, children } = dom;
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
    retained[node] += engine[snap.nodeType[node]] ? 0 : snap.nodeSelfSize[node];
    ownBytes[node] += retained[node];
    if (node !== snap.rootOrdinal) retained[dom.idom[node]] += retained[node];
    if (counted(node) && nearest[node] >= 0) ownBytes[nearest[node]] -= retained[node];
  }
  for (let i = 0; i < size; i++) {
    const node = order[i];
    if (counted(node) && node !== snap.rootOrdinal) report(snap.nodeId[node], ownBytes[node]);
  }
}

/**
 * The class that explains the survivors' growth. Among the objects that outlived an interval,
 * start from the class whose members retain the most (each counted once, as DevTools does);
 * then, while the members are wrappers, each holding one object of a class that has at least
 * WRAPPER_SHARE of what they retain, descend to that class: a Buffer view gives way to the
 * backing store it keeps, a sliced string to its parent, a closure to its Context. A holder of
 * several things (an object with three arrays) is the explanation itself, and so is a scope.
 */
export const WRAPPER_SHARE = 0.9;
/** Wrappers of wrappers are followed this deep at most. */
export const MAX_WRAPPER_DEPTH = 16;

function culpritOfSurvivors(snap: HeapSnapshot, paths: Paths, persistent: Uint8Array, options: MeasureOptions): CulpritChoice | null {
  const dom = paths.analysis.dominators;
  const choice = descendWrappers(snap, dom, persistent);
  if (!choice) return null;
  const path = representativePath(snap, paths, choice.members);
  let selfSize = 0;
  let retainedSize = 0;
  let offHeapSize = 0;
  for (const node of choice.members) {
    selfSize += snap.nodeSelfSize[node];
    retainedSize += dom.retainedSize[node];
    offHeapSize += dom.retainedOffHeap(node);
  }
  const sites = hasAllocationStacks(snap) ? allocationSitesOf(snap, dom, choice.members, options) : undefined;
  // A scope is named by the variable that keeps the most: `describe() → backlog`.
  const variable = choice.name === 'system / Context' ? heaviestVariable(snap, dom, choice.members) : null;
  return {
    type: choice.type,
    name: choice.name,
    count: choice.members.length,
    selfSize,
    retainedSize,
    offHeapSize,
    path,
    holder: `${holderText(path)}${variable ? ` → ${variable}` : ''}`,
    ...(sites ? { allocationSites: sites } : {}),
  };
}

/** The context variable whose values retain the most, over the members (Contexts). */
function heaviestVariable(snap: HeapSnapshot, dom: Dominators, contexts: number[]): string | null {
  const byName = new Map<string, number>();
  for (const context of contexts) {
    for (let e = snap.firstEdge[context]; e < snap.firstEdge[context + 1]; e++) {
      if (snap.edgeType[e] !== snap.E.context) continue;
      const to = snap.edgeTo[e];
      // Only what this scope alone keeps counts: what it dominates.
      if (dom.idom[to] !== context) continue;
      const name = snap.edgeName(e);
      byName.set(name, (byName.get(name) ?? 0) + dom.retainedSize[to]);
    }
  }
  let best: [string, number] | null = null;
  for (const entry of byName) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0] ?? null;
}

function descendWrappers(snap: HeapSnapshot, dom: Dominators, persistent: Uint8Array): { type: string; name: string; members: number[] } | null {
  const { classOfNode, classNames, classTypes } = snap.classIndex();
  const k = classNames.length;
  const engine = engineTypeCodes(snap);
  const retained = new Float64Array(k);
  const topmost: number[][] = Array.from({ length: k }, () => []);
  const { firstChild, children } = dom;
  forEachTopmost(snap, dom, (node) => persistent[node] === 1 && !engine[snap.nodeType[node]], (node, c) => {
    retained[c] += dom.retainedSize[node];
    topmost[c].push(node);
  });
  // A bare backing store (an elements store, a hash table: array and hidden nodes) is how a
  // container keeps what grows, not what grows: start from the objects themselves when any
  // outlived an interval.
  const storage = new Uint8Array(snap.nodeTypes.length);
  for (const type of [snap.T.array, snap.T.hidden]) if (type >= 0) storage[type] = 1;
  const typeCode = classTypes.map((t) => snap.nodeTypes.indexOf(t));
  let best = -1;
  for (let pass = 0; pass < 2 && best < 0; pass++) {
    for (let c = 0; c < k; c++) {
      if (!topmost[c].length || (pass === 0 && storage[typeCode[c]])) continue;
      if (best < 0 || retained[c] > retained[best]) best = c;
    }
  }
  if (best < 0) return null;

  let cls = best;
  let members = topmost[best];
  for (let depth = 0; depth < MAX_WRAPPER_DEPTH && classNames[cls] !== 'system / Context'; depth++) {
    let total = 0;
    const byClass = new Map<number, { bytes: number; nodes: number[] }>();
    for (const member of members) {
      total += dom.retainedSize[member];
      for (let i = firstChild[member]; i < firstChild[member + 1]; i++) {
        const child = children[i];
        if (engine[snap.nodeType[child]]) continue;
        const c = classOfNode[child];
        let group = byClass.get(c);
        if (!group) byClass.set(c, (group = { bytes: 0, nodes: [] }));
        group.bytes += dom.retainedSize[child];
        group.nodes.push(child);
      }
    }
    let heaviest: [number, { bytes: number; nodes: number[] }] | undefined;
    for (const entry of byClass) if (!heaviest || entry[1].bytes > heaviest[1].bytes) heaviest = entry;
    if (!heaviest || heaviest[1].bytes < WRAPPER_SHARE * total || heaviest[1].nodes.length > members.length) break;
    [cls, { nodes: members }] = heaviest;
  }
  return { type: classTypes[cls], name: classNames[cls], members };
}

function allocationSitesOf(snap: HeapSnapshot, dom: Dominators, members: number[], options: MeasureOptions): AllocationSiteResult[] {
  // Native memory (a backing store) has no JS allocation stack: the nearest dominator
  // that has one (its ArrayBuffer) stands in for it.
  const mask = new Uint8Array(snap.nodeCount);
  for (const node of members) {
    let at = node;
    for (let step = 0; step < 8 && !snap.nodeTraceId?.[at] && at !== snap.rootOrdinal; step++) at = dom.idom[at];
    mask[snap.nodeTraceId?.[at] ? at : node] = 1;
  }
  const original = originalPositions(options.sourceMaps ?? {}, options.caseDir);
  const sites = allocationSites(snap, mask, isOwnFrame);
  // Sites in the program's own code when there are any: the lab's and Node's few allocations are noise.
  const own = sites.filter((site) => isOwnFrame(site.frame));
  return (own.length ? own : sites)
    .slice(0, 5)
    .map((site) => {
      const frame = original(site.frame);
      return {
        functionName: frame.functionName,
        scriptName: frame.scriptName,
        line: frame.line,
        column: frame.column,
        count: site.count,
        selfSize: site.selfSize,
        stack: site.stack.map((f) => formatFrame(original(f))),
      };
    });
}

/**
 * Maps frames of transpiled modules back to their source (TypeScript) positions, and names
 * the case folder's files relative to it. Frames name ES modules by URL and CommonJS ones by
 * path; the maps are keyed the same way.
 */
function originalPositions(payloads: Record<string, unknown>, caseDir?: string): (frame: AllocationFrame) => AllocationFrame {
  const maps = new Map<string, SourceMap>();
  for (const [name, payload] of Object.entries(payloads)) {
    try {
      maps.set(name, new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]));
    } catch {
      // An unreadable map: its frames keep their transpiled positions.
    }
  }
  const shown = (script: string): string => {
    const path = script.replace(/^file:\/\//, '');
    const prefix = caseDir ? `${caseDir.replace(/\/$/, '')}/` : null;
    return prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
  };
  return (frame) => {
    const map = maps.get(frame.scriptName);
    if (!map || frame.line < 1) return { ...frame, scriptName: shown(frame.scriptName) };
    const entry = map.findEntry(frame.line - 1, Math.max(0, frame.column - 1)) as { originalLine?: number; originalColumn?: number };
    if (entry.originalLine === undefined || entry.originalColumn === undefined) return { ...frame, scriptName: shown(frame.scriptName) };
    return { ...frame, scriptName: shown(frame.scriptName), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  };
}

/** A frame of the program's own code: not Node's internals, not a dependency, not the harness. */
function isOwnFrame(frame: AllocationFrame): boolean {
  const script = frame.scriptName;
  return script !== '' && !script.startsWith('node:') && !script.includes('/node_modules/') && !script.includes('/harness/');
}

/** How paths are found in the last snapshot: the program's own modules first. */
interface Paths {
  analysis: Analysis;
  scopes: ScopeNames;
  /** Shortest paths from the program's own modules (see programPath). */
  program: RetainerTree;
}

/** A file of the program under test: not Node's own, not a dependency, not the lab's harness. */
function isProgramFile(file: string): boolean {
  return !file.startsWith('node:') && !file.includes('/node_modules/') && !file.includes('/harness/') && file !== '(a module)';
}

/**
 * The retainer path of a member held the way most members are held: members are grouped by
 * their retainer's class and the edge (indices ignored); the largest group's largest member.
 * Retainers are read on the program's paths when a member has one (see programPath).
 */
function representativePath(snap: HeapSnapshot, paths: Paths, members: number[]): PathStep[] {
  const main = paths.analysis.retainers;
  const program = paths.program;
  const retained = paths.analysis.dominators.retainedSize;
  const groups = new Map<string, { count: number; best: number }>();
  for (const node of members) {
    const tree = program.parentNode[node] !== UNREACHABLE ? program : main;
    const holder = tree.parentNode[node];
    if (holder === UNREACHABLE) continue;
    const e = tree.parentEdge[node];
    const edgeType = snap.edgeTypeName(e);
    const edgeName = snap.edgeName(e);
    const key = `${tree === program ? 'p' : 'm'}|${snap.className(holder)}|${edgeType}|${edgeType === 'element' || edgeType === 'hidden' || /^\d+$/.test(edgeName) ? '#' : edgeName}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { count: 1, best: node });
    else {
      group.count++;
      if (retained[node] > retained[group.best]) group.best = node;
    }
  }
  let chosen: { count: number; best: number } | undefined;
  for (const group of groups.values()) {
    if (!chosen || group.count > chosen.count || (group.count === chosen.count && retained[group.best] > retained[chosen.best])) chosen = group;
  }
  return chosen ? paths.scopes.annotate(programPath(snap, main, program, chosen.best)) : [];
}

/** Backing store -> the ArrayBuffer owning it (through its `backing_store` edge). */
function backingStoreOwners(snap: HeapSnapshot): Map<number, number> {
  const owners = new Map<number, number>();
  const edgeNames = new Set(snap.strings.findEqual('backing_store'));
  const stores = backingStoreNames(snap);
  const { internal } = snap.E;
  for (let from = 0; from < snap.nodeCount; from++) {
    for (let e = snap.firstEdge[from]; e < snap.firstEdge[from + 1]; e++) {
      if (snap.edgeType[e] !== internal || !edgeNames.has(snap.edgeNameOrIndex[e])) continue;
      const to = snap.edgeTo[e];
      if (stores.has(snap.nodeName[to])) owners.set(to, from);
    }
  }
  return owners;
}

/**
 * V8 names an ArrayBuffer's backing store after its address, so a store allocated where an
 * old one was freed can reuse the old id. A store is as new as the ArrayBuffer owning it.
 */
function withBackingStores(mask: Uint8Array, owners: Map<number, number>): Uint8Array {
  for (const [store, owner] of owners) if (mask[owner]) mask[store] = 1;
  return mask;
}

/** Least-squares slope of heapUsed + external against the iteration, bytes per iteration. */
export function slope(timeline: Sample[]): number {
  const n = timeline.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (const s of timeline) {
    sx += s.iteration;
    sy += s.heapUsed + s.external;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const s of timeline) {
    const dx = s.iteration - mx;
    num += dx * (s.heapUsed + s.external - my);
    den += dx * dx;
  }
  return den === 0 ? 0 : num / den;
}
