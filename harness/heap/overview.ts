// The documents `npm run analyze` and `npm run diff` print, built from the analyses.

import { HeapAnalysis } from './analysis.ts';
import { classKey, countByClass } from './classes.ts';
import { survivorMask, survivors } from './diff.ts';
import { programPathsTo, retainerPath, type PathStep } from './paths.ts';
import { holderNodes, nameHolders, type Holder } from './holders.ts';
import { isProgramScript } from './scopes.ts';
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
  /**
   * What the largest object's size is made of: down the dominator tree from top[0] while one
   * object holds most of it (HELD_MOST_SHARE). The largest object of a program's snapshot is
   * usually Node's module loader or a module's `exports`, which say nothing; this is the array,
   * map or buffer inside them that does. Null when top[0] is itself the answer.
   */
  heldMost: { object: ObjectStats; path: PathStep[] } | null;
  /** Who holds the heap, named the way the program names it (holders.ts), largest first. */
  holders: Holder[];
}

export function overview(snap: HeapSnapshot, topCount: number, analysis = new HeapAnalysis(snap)): SnapshotOverview {
  // Marks name the phases for `npm run bench`; they cost a few entries in the timeline.
  void analysis.dominators;
  performance.mark('oomlab:dominators');
  const top = topRetainers(analysis, topCount);
  const classes = summarizeClasses(analysis);
  const topStats = top.map((node) => objectStats(analysis, node));
  performance.mark('oomlab:summary');
  // From the program's own scope when it has one: not the stack of whatever was running.
  // One pair of searches for every path printed, each stopped once it has reached them all
  // (paths.ts programPathsTo): the largest object's and the holders'; on the way, the plain
  // shortest path of what the largest holds.
  const holding = holderNodes(analysis);
  const inside = top.length ? heaviestInside(analysis, top[0]) : -1;
  const insideShown = inside >= 0 && inside !== top[0];
  const paths = programPathsTo(snap, analysis.scopes.programModules(isProgramScript), [...top.slice(0, 1), ...holding.map((h) => h.node)], {
    spares: analysis.spares,
    shortest: insideShown ? [inside] : [],
  });
  const largestPath = top.length ? paths.program.shift()! : [];
  const heldMost = insideShown ? { object: objectStats(analysis, inside), path: paths.shortest[0] } : null;
  const holders = nameHolders(analysis, holding, paths.program);
  performance.mark('oomlab:path');
  return {
    nodes: snap.nodeCount,
    edges: snap.edgeCount,
    totalSelfSize: totalSelfSize(snap),
    offHeapSize: analysis.dominators.retainedOffHeap(snap.rootOrdinal),
    classes,
    top: topStats,
    largestPath,
    heldMost,
    holders,
  };
}

/** One object holds "most" of another when it retains at least this share of it. */
const HELD_MOST_SHARE = 0.75;

/** Down the dominator tree from `node` while one child (not the engine's own) retains most of it. */
function heaviestInside(analysis: HeapAnalysis, node: number): number {
  const { retainedSize } = analysis.dominators;
  const { firstChild, children } = analysis.dominatorTree;
  for (let depth = 0; depth < 256; depth++) {
    let heaviest = -1;
    for (let i = firstChild[node]; i < firstChild[node + 1]; i++) {
      const child = children[i];
      if (!analysis.isEngine(child) && (heaviest < 0 || retainedSize[child] > retainedSize[heaviest])) heaviest = child;
    }
    if (heaviest < 0 || retainedSize[heaviest] < HELD_MOST_SHARE * retainedSize[node]) return node;
    node = heaviest;
  }
  return node;
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
