// Aggregates over one analysed snapshot: the summary by class and the largest objects.

import type { HeapAnalysis } from './analysis.ts';
import { countByClass } from './classes.ts';
import { grownUint32 } from './grow.ts';
import type { HeapSnapshot } from './snapshot.ts';

export interface ClassStats {
  type: string;
  name: string;
  count: number;
  /** Shallow size as DevTools shows it, with the stores each object owns (shallow.ts). */
  selfSize: number;
  /** V8's own self sizes, before the stores move to their owners. */
  rawSelfSize: number;
  /** What the class's objects retain together, each object counted once (DevTools' rule). */
  retainedSize: number;
  /** ArrayBuffer backing-store bytes within retainedSize. */
  offHeapSize: number;
}

export interface ObjectStats {
  id: number;
  type: string;
  name: string;
  /** Shallow size as DevTools shows it (shallow.ts). */
  selfSize: number;
  /** V8's own self size. */
  rawSelfSize: number;
  retainedSize: number;
}

/**
 * Count, shallow, retained and off-heap bytes per class, largest retained first; the
 * synthetic roots are not a class of objects and are left out, as DevTools does.
 * `include` restricts the summary to some nodes (the survivors of a diff, say).
 */
export function summarizeClasses(analysis: HeapAnalysis, include?: Uint8Array): ClassStats[] {
  const snap = analysis.snapshot;
  const dom = analysis.dominators;
  const classes = analysis.classes;
  const k = classes.names.length;
  const { count, bytes, rawBytes } = countByClass(snap, classes, include);
  const retained = new Float64Array(k);
  const offHeap = new Float64Array(k);
  // A class's retained size sums its topmost members only, so that an object dominated by
  // another of the same class is not counted twice.
  const synthetic = snap.T.synthetic;
  const counts = (node: number): boolean => (!include || include[node] === 1) && snap.nodeType[node] !== synthetic;
  forEachTopmost(analysis, counts, (node, c) => {
    retained[c] += dom.retainedSize[node];
    offHeap[c] += dom.retainedOffHeap(node);
  });
  const result: ClassStats[] = [];
  for (let c = 0; c < k; c++) {
    if (count[c] === 0) continue;
    result.push({
      type: classes.types[c],
      name: classes.names[c],
      count: count[c],
      selfSize: bytes[c],
      rawSelfSize: rawBytes[c],
      retainedSize: retained[c],
      offHeapSize: offHeap[c],
    });
  }
  return result.sort((a, b) => b.retainedSize - a.retainedSize || b.selfSize - a.selfSize);
}

/**
 * Calls `visit` for every node that `counts` and that no counted node of its own class
 * dominates: each class's topmost members, whose retained sizes add up without counting a
 * byte twice. A depth-first walk of the dominator tree with an explicit stack, keeping how
 * many counted members of each class are open on the current path; nodes that do not count
 * hide nothing below them.
 */
export function forEachTopmost(
  analysis: HeapAnalysis,
  counts: (node: number) => boolean,
  visit: (node: number, classIndex: number) => void,
): void {
  const { classOfNode, names } = analysis.classes;
  const open = new Uint32Array(names.length);
  const { firstChild, children } = analysis.dominatorTree;
  let stackNode = new Uint32Array(1024);
  let stackNext = new Uint32Array(1024);
  let top = 0;
  const enter = (node: number): void => {
    if (counts(node)) {
      const c = classOfNode[node];
      if (open[c] === 0) visit(node, c);
      open[c]++;
    }
    if (top === stackNode.length) {
      // The dominator tree can be deep (a long linked list): grow instead of sizing for it.
      stackNode = grownUint32(stackNode);
      stackNext = grownUint32(stackNext);
    }
    stackNode[top] = node;
    stackNext[top] = firstChild[node];
    top++;
  };
  enter(analysis.snapshot.rootOrdinal);
  while (top > 0) {
    const node = stackNode[top - 1];
    const next = stackNext[top - 1];
    if (next < firstChild[node + 1]) {
      stackNext[top - 1] = next + 1;
      enter(children[next]);
    } else {
      if (counts(node)) open[classOfNode[node]]--;
      top--;
    }
  }
}

/** The `limit` nodes with the largest retained size, synthetic roots excluded. */
export function topRetainers(analysis: HeapAnalysis, limit: number): number[] {
  const snap = analysis.snapshot;
  const synthetic = snap.T.synthetic;
  const best: number[] = []; // kept sorted, largest first; limit is small
  const size = analysis.dominators.retainedSize;
  for (let node = 0; node < snap.nodeCount; node++) {
    if (snap.nodeType[node] === synthetic || node === snap.rootOrdinal) continue;
    const s = size[node];
    if (best.length === limit && s <= size[best[limit - 1]]) continue;
    let i = best.length < limit ? best.length : limit - 1;
    while (i > 0 && size[best[i - 1]] < s) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = node;
  }
  return best;
}

export function objectStats(analysis: HeapAnalysis, node: number): ObjectStats {
  const snap = analysis.snapshot;
  return {
    id: snap.id(node),
    type: snap.typeName(node),
    name: snap.name(node),
    selfSize: snap.selfSize(node),
    rawSelfSize: snap.rawSelfSize(node),
    retainedSize: analysis.dominators.retainedSize[node],
  };
}

export function totalSelfSize(snap: HeapSnapshot): number {
  let total = 0;
  for (let node = 0; node < snap.nodeCount; node++) total += snap.nodeSelfSize[node];
  return total;
}
