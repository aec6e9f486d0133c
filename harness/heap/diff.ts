// Comparisons between snapshots of one process. V8 gives a heap object the same id in every
// snapshot of a process, so "new" and "deleted" are set differences of node ids.

import type { HeapAnalysis } from './analysis.ts';
import { classKey } from './classes.ts';
import { HeapSnapshotError, type HeapSnapshot } from './snapshot.ts';
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
    const key = classKey({ type, name });
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

/**
 * The survivors of `earlier` in `later`: objects allocated since and still alive, the
 * program's memory only. The one definition `npm run case`, `npm run diff` and the verdict
 * share:
 *  1. new: an id `earlier` lacks (V8 keeps an object's id in every snapshot of a process);
 *  2. the engine's own nodes (compiled code, shapes: ENGINE_TYPES) are left out;
 *  3. a backing store is as new as the ArrayBuffer that owns it: V8 names a store after its
 *     address, so a store allocated where an old one was freed can reuse the old id.
 */
export function survivorMask(earlier: HeapSnapshot, later: HeapAnalysis): Uint8Array {
  const snap = later.snapshot;
  const mask = newSince(earlier, snap);
  for (const [store, owner] of later.backingStoreOwners) if (mask[owner]) mask[store] = 1;
  for (let node = 0; node < snap.nodeCount; node++) if (mask[node] && later.isEngine(node)) mask[node] = 0;
  return mask;
}

export interface Survivors {
  /** Survivor mask over the later snapshot's nodes. */
  mask: Uint8Array;
  count: number;
  /** Their shallow bytes. */
  bytes: number;
  /** By class, in the later snapshot's terms: count, shallow, retained and off-heap bytes. */
  classes: ClassStats[];
}

/** The survivors (survivorMask), counted and grouped by class. */
export function survivors(earlier: HeapSnapshot, later: HeapAnalysis): Survivors {
  const mask = survivorMask(earlier, later);
  const snap = later.snapshot;
  let count = 0;
  let bytes = 0;
  for (let node = 0; node < mask.length; node++) {
    if (!mask[node]) continue;
    count++;
    bytes += snap.nodeSelfSize[node];
  }
  return { mask, count, bytes, classes: summarizeClasses(later, mask) };
}
