// Classes: how DevTools' summary view groups nodes (snapshot.ts `className`), as a dense
// index for grouping many nodes at once. Within one snapshot a class is its index; across
// snapshots (a diff, a high-water comparison) it is its key, `type:name`.

import type { HeapSnapshot } from './snapshot.ts';

export interface ClassIndex {
  /** The class of each node: 16 bits while there are fewer than 65,536 classes (always, so far). */
  classOfNode: Uint16Array | Uint32Array;
  /** Each class's name and node type. Objects and native nodes of one name are two classes. */
  names: readonly string[];
  types: readonly string[];
}

/** A class's key across snapshots. */
export const classKey = (c: { type: string; name: string }): string => `${c.type}:${c.name}`;

export function buildClassIndex(snap: HeapSnapshot): ClassIndex {
  const names: string[] = [];
  const types: string[] = [];
  const indexOfKey = new Map<string, number>();
  let classOfNode: Uint16Array | Uint32Array = new Uint16Array(snap.nodeCount);
  const intern = (node: number): number => {
    const type = snap.typeName(node);
    const name = snap.className(node);
    const key = classKey({ type, name });
    let index = indexOfKey.get(key);
    if (index === undefined) {
      index = names.length;
      if (index > 0xffff && classOfNode instanceof Uint16Array) classOfNode = Uint32Array.from(classOfNode);
      names.push(name);
      types.push(type);
      indexOfKey.set(key, index);
    }
    return index;
  };
  // Object and native nodes are classed by name: cached per (type, string index). The other
  // types are one class each: cached per type.
  const byName = new Map<number, number>();
  const byType = new Int32Array(snap.nodeTypes.length).fill(-1);
  const { object, native } = snap.T;
  for (let node = 0; node < snap.nodeCount; node++) {
    const type = snap.nodeType[node];
    if (type === object || type === native) {
      const cacheKey = snap.nodeName[node] * 2 + (type === native ? 1 : 0);
      let index = byName.get(cacheKey);
      if (index === undefined) byName.set(cacheKey, (index = intern(node)));
      classOfNode[node] = index;
    } else {
      if (byType[type] < 0) byType[type] = intern(node);
      classOfNode[node] = byType[type];
    }
  }
  return { classOfNode, names, types };
}

/**
 * Count and shallow bytes (DevTools' and V8's raw) per class (by class index) of the nodes in `include` (every node
 * when absent): the one loop behind every per-class tally. The synthetic roots are not a
 * class of objects and are left out, as DevTools does.
 */
export function countByClass(
  snap: HeapSnapshot,
  classes: ClassIndex,
  include?: Uint8Array,
): { count: Float64Array; bytes: Float64Array; rawBytes: Float64Array } {
  const count = new Float64Array(classes.names.length);
  const bytes = new Float64Array(classes.names.length);
  const rawBytes = new Float64Array(classes.names.length);
  const { classOfNode } = classes;
  const synthetic = snap.T.synthetic;
  for (let node = 0; node < snap.nodeCount; node++) {
    if ((include && !include[node]) || snap.nodeType[node] === synthetic) continue;
    count[classOfNode[node]]++;
    bytes[classOfNode[node]] += snap.nodeSelfSize[node];
    rawBytes[classOfNode[node]] += snap.nodeRawSelfSize[node];
  }
  return { count, bytes, rawBytes };
}
