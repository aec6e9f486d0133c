// The documents `npm run analyze` and `npm run diff` print, built from the analyses.

import { HeapAnalysis } from './analysis.ts';
import { classKey, countByClass } from './classes.ts';
import { survivorMask, survivors } from './diff.ts';
import { retainerPath, retainerPathTo, type PathStep } from './paths.ts';
import type { HeapSnapshot } from './snapshot.ts';
import { objectStats, summarizeClasses, topRetainers, totalSelfSize, type ClassStats, type ObjectStats } from './summary.ts';

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
  const analysis = new HeapAnalysis(snap);
  // Marks name the phases for `npm run bench`; they cost a few entries in the timeline.
  void analysis.dominators;
  performance.mark('oomlab:dominators');
  const top = topRetainers(analysis, topCount);
  const classes = summarizeClasses(analysis);
  const topStats = top.map((node) => objectStats(analysis, node));
  performance.mark('oomlab:summary');
  // One path is printed: the search for it stops there, with no index of everyone's retainers.
  const largestPath = top.length ? retainerPathTo(snap, top[0]) : [];
  performance.mark('oomlab:path');
  return {
    nodes: snap.nodeCount,
    edges: snap.edgeCount,
    totalSelfSize: totalSelfSize(snap),
    offHeapSize: analysis.dominators.retainedOffHeap(snap.rootOrdinal),
    classes,
    top: topStats,
    largestPath,
  };
}

export interface SurvivorClass extends ClassStats {
  /** How many of the class were new in the middle snapshot (S1) already: growth in both intervals. */
  newInS1: number;
}

export interface ThreeWayDiff {
  /** Objects first seen after the first snapshot and alive in the last (diff.ts `survivors`). */
  survivors: { count: number; bytes: number };
  classes: SurvivorClass[];
  /** Retainer path of the largest survivor of the top class, in the last snapshot. */
  path: PathStep[];
}

/** Survivors of first -> last by class, with how many of each were already new in the middle one. */
export function threeWayDiff(first: HeapSnapshot, middle: HeapSnapshot, last: HeapSnapshot): ThreeWayDiff {
  const analysis = new HeapAnalysis(last);
  const { mask, count, bytes, classes } = survivors(first, analysis);
  // New in the middle snapshot already, by the same definition (survivorMask).
  const middleAnalysis = new HeapAnalysis(middle);
  const { names, types } = middleAnalysis.classes;
  const { count: inMiddleCount } = countByClass(middle, middleAnalysis.classes, survivorMask(first, middleAnalysis));
  const inMiddle = new Map<string, number>();
  for (let c = 0; c < names.length; c++) if (inMiddleCount[c]) inMiddle.set(classKey({ type: types[c], name: names[c] }), inMiddleCount[c]);
  const top = classes[0];
  let path: PathStep[] = [];
  if (top) {
    const largest = largestOfClass(analysis, mask, top);
    if (largest >= 0) path = retainerPath(last, analysis.retainers, largest);
  }
  return {
    survivors: { count, bytes },
    classes: classes.map((c) => ({ ...c, newInS1: inMiddle.get(classKey(c)) ?? 0 })),
    path,
  };
}

/** The member of a class (within `mask`) with the largest retained size, or -1. */
function largestOfClass(analysis: HeapAnalysis, mask: Uint8Array, cls: { type: string; name: string }): number {
  const snap = analysis.snapshot;
  const { retainedSize } = analysis.dominators;
  const { classOfNode, names, types } = analysis.classes;
  let best = -1;
  for (let node = 0; node < snap.nodeCount; node++) {
    if (!mask[node]) continue;
    const c = classOfNode[node];
    if (names[c] !== cls.name || types[c] !== cls.type) continue;
    if (best < 0 || retainedSize[node] > retainedSize[best]) best = node;
  }
  return best;
}
