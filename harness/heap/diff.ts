// Comparisons between snapshots of one process. V8 gives a heap object the same id in every
// snapshot of a process, so "new" and "deleted" are set differences of node ids.

import { HeapSnapshotError, type HeapSnapshot } from './snapshot.ts';
import type { Dominators } from './dominators.ts';
import { summarizeClasses, type ClassStats } from './summary.ts';

export interface ClassDiff {
  type: string;
  name: string;
  added: number;
  deleted: number;
  countDelta: number;
  addedSize: number;
  removedSize: number;
  sizeDelta: number;
}

/** Per class: objects new in `after`, objects gone since `before`, and the deltas. */
export function diffByClass(before: HeapSnapshot, after: HeapSnapshot): ClassDiff[] {
  const rows = new Map<string, ClassDiff>();
  const row = (snap: HeapSnapshot, node: number): ClassDiff => {
    const type = snap.typeName(node);
    const name = snap.className(node);
    const key = `${type}:${name}`;
    let r = rows.get(key);
    if (!r) {
      r = { type, name, added: 0, deleted: 0, countDelta: 0, addedSize: 0, removedSize: 0, sizeDelta: 0 };
      rows.set(key, r);
    }
    return r;
  };
  const inBefore = idSet(before);
  const inAfter = idSet(after);
  for (let node = 0; node < after.nodeCount; node++) {
    if (inBefore.has(after.nodeId[node])) continue;
    const r = row(after, node);
    r.added++;
    r.addedSize += after.nodeSelfSize[node];
  }
  for (let node = 0; node < before.nodeCount; node++) {
    if (inAfter.has(before.nodeId[node])) continue;
    const r = row(before, node);
    r.deleted++;
    r.removedSize += before.nodeSelfSize[node];
  }
  const result = [...rows.values()];
  for (const r of result) {
    r.countDelta = r.added - r.deleted;
    r.sizeDelta = r.addedSize - r.removedSize;
  }
  return result.sort((a, b) => b.sizeDelta - a.sizeDelta || b.countDelta - a.countDelta);
}

/** A snapshot's node ids. Ids are what a diff compares: two nodes sharing one would hide a new object. */
function idSet(snap: HeapSnapshot): Set<number> {
  const set = new Set<number>();
  for (let node = 0; node < snap.nodeCount; node++) set.add(snap.nodeId[node]);
  if (set.size !== snap.nodeCount) {
    throw new HeapSnapshotError(`${snap.nodeCount - set.size} node ids appear more than once: the snapshot cannot be compared with another`);
  }
  return set;
}

/** Nodes of `latest` whose ids `earlier` does not have: allocated since then and alive now. */
export function newSince(earlier: HeapSnapshot, latest: HeapSnapshot): Uint8Array {
  const known = idSet(earlier);
  const mask = new Uint8Array(latest.nodeCount);
  for (let node = 0; node < latest.nodeCount; node++) {
    if (!known.has(latest.nodeId[node]) && latest.nodeType[node] !== latest.T.synthetic) mask[node] = 1;
  }
  return mask;
}

export interface Survivors {
  /** Survivor mask over the last snapshot's nodes. */
  mask: Uint8Array;
  count: number;
  classes: ClassStats[];
}

/**
 * The three-snapshot technique: objects first seen after S0 and still alive in S2, grouped by
 * class with count, shallow, retained (within the survivors) and off-heap bytes, in S2's terms.
 */
export function survivors(s0: HeapSnapshot, s2: HeapSnapshot, dom2: Dominators): Survivors {
  const mask = newSince(s0, s2);
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  return { mask, count, classes: summarizeClasses(s2, dom2, mask) };
}
