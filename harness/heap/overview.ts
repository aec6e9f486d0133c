// The documents `npm run analyze` and `npm run diff` print, built from the analyses.

import type { HeapSnapshot } from './snapshot.ts';
import { Analysis } from './index.ts';
import { summarizeClasses, topRetainers, objectStats, totalSelfSize, type ClassStats, type ObjectStats } from './summary.ts';
import { retainerPath, type PathStep } from './paths.ts';
import { newSince, survivors } from './diff.ts';

export interface SnapshotOverview {
  nodes: number;
  edges: number;
  totalSelfSize: number;
  /** ArrayBuffer backing stores: memory outside the V8 heap, included in totalSelfSize. */
  offHeapSize: number;
  classes: ClassStats[];
  top: ObjectStats[];
  /** Shortest retainer path of top[0]. */
  largestPath: PathStep[];
}

export function overview(snap: HeapSnapshot, topCount: number): SnapshotOverview {
  const analysis = new Analysis(snap);
  const dom = analysis.dominators;
  const top = topRetainers(snap, dom, topCount);
  return {
    nodes: snap.nodeCount,
    edges: snap.edgeCount,
    totalSelfSize: totalSelfSize(snap),
    offHeapSize: dom.retainedOffHeap(snap.rootOrdinal),
    classes: summarizeClasses(snap, dom),
    top: top.map((node) => objectStats(snap, dom, node)),
    largestPath: top.length ? retainerPath(snap, analysis.retainers, top[0]) : [],
  };
}

export interface SurvivorClass extends ClassStats {
  /** How many of the class were new in S1 (allocated since S0): growth in both intervals. */
  newInS1: number;
}

export interface ThreeWayDiff {
  survivors: number;
  classes: SurvivorClass[];
  /** Retainer path of the largest survivor of the top class, in S2. */
  path: PathStep[];
}

/** Survivors of S0 -> S2 by class, with how many of each were already new in S1. */
export function threeWayDiff(s0: HeapSnapshot, s1: HeapSnapshot, s2: HeapSnapshot): ThreeWayDiff {
  const analysis = new Analysis(s2);
  const { mask, count, classes } = survivors(s0, s2, analysis.dominators);
  const inS1 = new Map<string, number>();
  const maskS1 = newSince(s0, s1);
  for (let node = 0; node < s1.nodeCount; node++) {
    if (!maskS1[node]) continue;
    const key = `${s1.typeName(node)}:${s1.className(node)}`;
    inS1.set(key, (inS1.get(key) ?? 0) + 1);
  }
  const top = classes[0];
  let path: PathStep[] = [];
  if (top) {
    const largest = largestOfClass(s2, analysis, mask, top);
    if (largest >= 0) path = retainerPath(s2, analysis.retainers, largest);
  }
  return {
    survivors: count,
    classes: classes.map((c) => ({ ...c, newInS1: inS1.get(`${c.type}:${c.name}`) ?? 0 })),
    path,
  };
}

/** The member of a class (within `mask`) with the largest retained size, or -1. */
export function largestOfClass(snap: HeapSnapshot, analysis: Analysis, mask: Uint8Array | null, cls: { type: string; name: string }): number {
  const dom = analysis.dominators;
  let best = -1;
  for (let node = 0; node < snap.nodeCount; node++) {
    if (mask && !mask[node]) continue;
    if (snap.className(node) !== cls.name || snap.typeName(node) !== cls.type) continue;
    if (best < 0 || dom.retainedSize[node] > dom.retainedSize[best]) best = node;
  }
  return best;
}
