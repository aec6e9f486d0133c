// What grew in one variant's run, from its three snapshots and its timeline. Facts only; the
// judgement is in verdict.ts.

import type { Sample } from '../run/protocol.ts';
import { forEachTopmost } from '../heap/summary.ts';
import { allocationSites, Analysis, formatFrame, hasAllocationStacks, newSince, readHeapSnapshot, retainerPath, summarizeClasses, UNREACHABLE } from '../heap/index.ts';
import type { AllocationFrame } from '../heap/index.ts';
import { SourceMap } from 'node:module';
import type { AllocationSiteResult } from '../lab.ts';
import type { ClassStats, Dominators, HeapSnapshot, PathStep } from '../heap/index.ts';
import { backingStoreNames } from '../heap/dominators.ts';

/**
 * Node types that are the engine's own and not the program's memory: compiled code and
 * feedback (which grow while V8 tiers functions up, for thousands of iterations) and object
 * shapes. They are left out of every growth figure; the synthetic roots have no size.
 */
const ENGINE_TYPES = new Set(['code', 'object shape', 'synthetic']);

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

/** A class's survivors (first seen after S0, alive in S2), as the analyzer summarizes them in S2, and their split by interval. */
export interface ClassGrowth extends ClassStats {
  /** Objects allocated during interval 1 (S0 -> S1) and still alive in S2: they outlived a whole interval. */
  persistentCount: number;
  persistentBytes: number;
  /** Objects allocated during interval 2 (S1 -> S2) and alive in S2. */
  recentCount: number;
  recentBytes: number;
}

export interface Growth {
  iterations: number;
  /** The program's bytes (self sizes, backing stores included, engine code left out) in S0, S1, S2. */
  totals: [number, number, number];
  /** Growth of the totals per iteration, in each interval. */
  perIteration: [number, number];
  /** Bytes per iteration of objects that outlived a whole interval. */
  persistentPerIteration: number;
  /** Least-squares slope of heapUsed + external over the samples from S0 on, bytes per iteration. */
  timelineSlope: number;
  survivors: { count: number; bytes: number };
  /** Classes with survivors, most persistent bytes first. */
  classes: ClassGrowth[];
  /** Every class in S2 by shallow bytes (off-heap included), for high-water comparisons. */
  heldByClass: Map<string, { type: string; name: string; count: number; bytes: number }>;
  /**
   * For the culprit: the retainer path of the class's largest member in S2, among the objects
   * that outlived an interval (or, with survivorsOnly false, among all).
   */
  pathOf(cls: { type: string; name: string }, options?: { survivorsOnly?: boolean }): PathStep[];
  /** A class as S2 holds it, all members counted (for high-water culprits). */
  heldStats(cls: { type: string; name: string }): ClassStats | undefined;
  /** The class that explains the growth (see chooseCulprit), or null when nothing outlived an interval. */
  culprit(): CulpritChoice | null;
}

export interface CulpritChoice extends ClassStats {
  path: PathStep[];
  /** Where the culprit's objects were allocated, when the snapshots carry allocation stacks. */
  allocationSites?: AllocationSiteResult[];
}

/** Maps frames of transpiled modules back to their source (TypeScript) positions. */
function originalPositions(payloads: Record<string, unknown>): (frame: AllocationFrame) => AllocationFrame {
  const maps = new Map<string, SourceMap>();
  for (const [url, payload] of Object.entries(payloads)) {
    try {
      maps.set(url, new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]));
    } catch {
      // An unreadable map: its frames keep their transpiled positions.
    }
  }
  return (frame) => {
    const map = maps.get(frame.scriptName);
    if (!map || frame.line < 1) return frame;
    const entry = map.findEntry(frame.line - 1, Math.max(0, frame.column - 1)) as { originalLine?: number; originalColumn?: number };
    if (entry.originalLine === undefined || entry.originalColumn === undefined) return frame;
    return { ...frame, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  };
}

/** A frame of the program's own code: not Node's internals, not a dependency, not the harness. */
function isOwnFrame(frame: AllocationFrame): boolean {
  const script = frame.scriptName;
  return script !== '' && !script.startsWith('node:') && !script.includes('/node_modules/') && !script.includes('/harness/');
}

export async function measureGrowth(
  files: { s0: string; s1: string; s2: string },
  timeline: Sample[],
  iterations: number,
  sourceMaps: Record<string, unknown> = {},
): Promise<Growth> {
  const s0 = await readHeapSnapshot(files.s0);
  const s1 = await readHeapSnapshot(files.s1);
  const s2 = await readHeapSnapshot(files.s2);
  const analysis = new Analysis(s2);
  const dom = analysis.dominators;

  const owners1 = backingStoreOwners(s1);
  const owners2 = backingStoreOwners(s2);
  const newInS1 = withBackingStores(newSince(s0, s1), owners1);
  const survivors = withBackingStores(newSince(s0, s2), owners2);
  const recent = withBackingStores(newSince(s1, s2), owners2);
  // Interval-1 objects alive in S2: survivors of S2 whose ids were new in S1.
  const idsNewInS1 = new Set<number>();
  for (let node = 0; node < s1.nodeCount; node++) if (newInS1[node]) idsNewInS1.add(s1.nodeId[node]);

  const engine = engineTypeCodes(s2);
  for (let node = 0; node < s2.nodeCount; node++) if (engine[s2.nodeType[node]]) survivors[node] = 0;
  const { classOfNode, classNames, classTypes } = s2.classIndex();
  const k = classNames.length;
  const persistentCount = new Float64Array(k);
  const persistentBytes = new Float64Array(k);
  const recentCount = new Float64Array(k);
  const recentBytes = new Float64Array(k);
  let survivorCount = 0;
  let survivorBytes = 0;
  let persistentTotal = 0;
  const persistent = new Uint8Array(s2.nodeCount);
  for (let node = 0; node < s2.nodeCount; node++) {
    if (!survivors[node]) continue;
    const c = classOfNode[node];
    const size = s2.nodeSelfSize[node];
    survivorCount++;
    survivorBytes += size;
    if (recent[node]) {
      recentCount[c]++;
      recentBytes[c] += size;
    } else if (idsNewInS1.has(s2.nodeId[node]) || idsNewInS1.has(s2.nodeId[owners2.get(node) ?? node])) {
      persistentCount[c]++;
      persistentBytes[c] += size;
      persistentTotal += size;
      persistent[node] = 1;
    }
  }
  const byKey = new Map(summarizeClasses(s2, dom, survivors).map((c) => [`${c.type}:${c.name}`, c]));
  const classes: ClassGrowth[] = [];
  for (let c = 0; c < k; c++) {
    const stats = byKey.get(`${classTypes[c]}:${classNames[c]}`);
    if (!stats) continue;
    classes.push({
      type: classTypes[c],
      name: classNames[c],
      persistentCount: persistentCount[c],
      persistentBytes: persistentBytes[c],
      recentCount: recentCount[c],
      recentBytes: recentBytes[c],
      count: stats.count,
      selfSize: stats.selfSize,
      retainedSize: stats.retainedSize,
      offHeapSize: stats.offHeapSize,
    });
  }
  classes.sort((a, b) => b.persistentBytes - a.persistentBytes || b.selfSize - a.selfSize);

  const heldByClass = new Map<string, { type: string; name: string; count: number; bytes: number }>();
  for (let node = 0; node < s2.nodeCount; node++) {
    const c = classOfNode[node];
    const key = `${classTypes[c]}:${classNames[c]}`;
    let held = heldByClass.get(key);
    if (!held) heldByClass.set(key, (held = { type: classTypes[c], name: classNames[c], count: 0, bytes: 0 }));
    held.count++;
    held.bytes += s2.nodeSelfSize[node];
  }

  const totals: [number, number, number] = [programBytes(s0), programBytes(s1), programBytes(s2)];
  return {
    iterations,
    totals,
    perIteration: [(totals[1] - totals[0]) / iterations, (totals[2] - totals[1]) / iterations],
    persistentPerIteration: persistentTotal / iterations,
    timelineSlope: slope(timeline),
    survivors: { count: survivorCount, bytes: survivorBytes },
    classes,
    heldByClass,
    heldStats(cls) {
      return summarizeClasses(s2, dom).find((c) => c.type === cls.type && c.name === cls.name);
    },
    culprit() {
      const choice = chooseCulprit(s2, dom, persistent);
      if (!choice) return null;
      const path = representativePath(s2, analysis, choice.members);
      let selfSize = 0;
      let retainedSize = 0;
      let offHeapSize = 0;
      for (const node of choice.members) {
        selfSize += s2.nodeSelfSize[node];
        retainedSize += dom.retainedSize[node];
        offHeapSize += dom.retainedOffHeap(node);
      }
      let sites: AllocationSiteResult[] | undefined;
      if (hasAllocationStacks(s2)) {
        // Native memory (a backing store) has no JS allocation stack: the nearest dominator
        // that has one (its ArrayBuffer) stands in for it.
        const mask = new Uint8Array(s2.nodeCount);
        for (const node of choice.members) {
          let at = node;
          for (let step = 0; step < 8 && !s2.nodeTraceId?.[at] && at !== s2.rootOrdinal; step++) at = dom.idom[at];
          mask[s2.nodeTraceId?.[at] ? at : node] = 1;
        }
        const original = originalPositions(sourceMaps);
        sites = allocationSites(s2, mask, isOwnFrame)
          .slice(0, 5)
          .map((site) => {
            const frame = original(site.frame);
            return {
              functionName: frame.functionName,
              scriptName: frame.scriptName.replace(/^file:\/\//, ''),
              line: frame.line,
              column: frame.column,
              count: site.count,
              selfSize: site.selfSize,
              stack: site.stack.map((f) => formatFrame(original(f))),
            };
          });
      }
      return {
        type: choice.type,
        name: choice.name,
        count: choice.members.length,
        selfSize,
        retainedSize,
        offHeapSize,
        path,
        ...(sites ? { allocationSites: sites } : {}),
      };
    },
    pathOf(cls, options = {}) {
      const survivorsOnly = options.survivorsOnly ?? true;
      const members: number[] = [];
      for (let node = 0; node < s2.nodeCount; node++) {
        if ((survivorsOnly && !persistent[node]) || s2.className(node) !== cls.name || s2.typeName(node) !== cls.type) continue;
        members.push(node);
      }
      return representativePath(s2, analysis, members);
    },
  };
}

/**
 * The class that explains the growth. Among the objects that outlived an interval, start from
 * the class whose members retain the most (each counted once, as DevTools does); then, while
 * the members are wrappers, each holding one object of a class that has at least 90% of what
 * they retain, descend to that class: a Buffer view gives way to the backing store it keeps,
 * a sliced string to its parent, a closure to its Context. A holder of several things (an
 * object with three arrays) is the explanation itself, and so is a scope (`system / Context`).
 */
function chooseCulprit(snap: HeapSnapshot, dom: Dominators, persistent: Uint8Array): { type: string; name: string; members: number[] } | null {
  const { classOfNode, classNames, classTypes } = snap.classIndex();
  const k = classNames.length;
  const engine = engineTypeCodes(snap);
  // Topmost persistent members of each class, and what they retain.
  const retained = new Float64Array(k);
  const topmost: number[][] = Array.from({ length: k }, () => []);
  const { firstChild, children } = dom;
  forEachTopmost(snap, dom, (node) => persistent[node] === 1 && !engine[snap.nodeType[node]], (node, c) => {
    retained[c] += dom.retainedSize[node];
    topmost[c].push(node);
  });
  let best = -1;
  for (let c = 0; c < k; c++) if (topmost[c].length && (best < 0 || retained[c] > retained[best])) best = c;
  if (best < 0) return null;

  let cls = best;
  let members = topmost[best];
  for (let depth = 0; depth < 16 && classNames[cls] !== 'system / Context'; depth++) {
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
    if (!heaviest || heaviest[1].bytes < 0.9 * total || heaviest[1].nodes.length > members.length) break;
    [cls, { nodes: members }] = heaviest;
  }
  return { type: classTypes[cls], name: classNames[cls], members };
}

/**
 * The retainer path of a member held the way most members are held: members are grouped by
 * their retainer's class and the edge (indices ignored); the largest group's largest member.
 */
function representativePath(snap: HeapSnapshot, analysis: Analysis, members: number[]): PathStep[] {
  const { parentNode, parentEdge } = analysis.retainers;
  const retained = analysis.dominators.retainedSize;
  const groups = new Map<string, { count: number; best: number }>();
  for (const node of members) {
    const holder = parentNode[node];
    if (holder === UNREACHABLE) continue;
    const e = parentEdge[node];
    const edgeType = snap.edgeTypeName(e);
    const edgeName = snap.edgeName(e);
    const key = `${snap.className(holder)}|${edgeType}|${edgeType === 'element' || edgeType === 'hidden' || /^\d+$/.test(edgeName) ? '#' : edgeName}`;
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
  return chosen ? retainerPath(snap, analysis.retainers, chosen.best) : [];
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
