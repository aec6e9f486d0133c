// Shallow sizes as Chrome DevTools shows them.
//
// V8 reports the properties and elements stores of an object, a Map's hash table, an
// external string's character data, each as a node of its own (`hidden`, `array`, or the
// native `system / ExternalStringData`). DevTools gives their bytes to the one object that
// owns them, so that a user sees an Array's elements in the Array's shallow size, and only
// then sums retained sizes. Our figures follow the same rule, so that they are the Memory
// panel's to the byte (checked against DevTools' own figures: test/heap/analysis.test.ts):
//  1. only when the snapshot has user roots: a root child that is not synthetic (a global
//     object, or Node 26's NativeContext) or a browser's `(Document DOM trees)`. A snapshot
//     taken with V8's internals exposed has none, and keeps raw sizes;
//  2. every node that is not hidden, not an array and not external string data owns itself;
//  3. such a "part" is owned by the one self-owning node that reaches it through parts alone,
//     following every edge but weak ones; reached from two owners, it has none and keeps its
//     size, as does a part no owner reaches;
//  4. a part owned by the root or a synthetic node keeps its size too.
// The result is a fixed point, so the order the work list is taken in does not matter.

import { grownUint32 } from './grow.ts';
import type { SizeColumn } from './snapshot.ts';

const UNVISITED = 0xffffffff;
const MANY_OWNERS = 0xfffffffe;

export interface OwnershipInput {
  nodeCount: number;
  nodeType: Uint8Array;
  nodeName: Uint32Array;
  firstEdge: Uint32Array;
  edgeType: Uint8Array;
  edgeTo: Uint32Array;
  /** The type codes, -1 when the snapshot lacks the type. */
  types: { hidden: number; array: number; native: number; synthetic: number };
  weakEdge: number;
  /** String indices equal to 'system / ExternalStringData'. */
  externalStringData: ReadonlySet<number>;
  /** String indices equal to '(Document DOM trees)'. */
  documentTrees: ReadonlySet<number>;
  rootOrdinal: number;
}

/**
 * DevTools' shallow sizes from V8's raw self sizes, in a new column; null when the snapshot
 * has no user roots (nothing moves).
 */
export function devtoolsShallowSizes(input: OwnershipInput, raw: SizeColumn): SizeColumn | null {
  const { nodeCount, firstEdge, edgeType, edgeTo, weakEdge } = input;
  if (nodeCount >= MANY_OWNERS) throw new RangeError('too many nodes to compute shallow sizes');
  if (!hasUserRoots(input)) return null;

  // The owners are worked out in the array that then becomes the shallow sizes: a node-sized
  // array the less, at the peak of a large load.
  const owners = new Uint32Array(nodeCount);
  let parts = 0;
  for (let node = 0; node < nodeCount; node++) {
    if (isPart(input, node)) {
      owners[node] = UNVISITED;
      parts++;
    } else {
      owners[node] = node;
    }
  }
  // A part enters the work list at most twice (when it gets an owner, when it gets a second),
  // but few wait at once: the list starts small and grows.
  let work = new Uint32Array(Math.min(2 * parts + 1, 1 << 16));
  let top = 0;
  const spread = (from: number): void => {
    const needed = top + firstEdge[from + 1] - firstEdge[from];
    if (needed > work.length) work = grownUint32(work, needed);
    const owner = owners[from];
    for (let e = firstEdge[from], end = firstEdge[from + 1]; e < end; e++) {
      if (edgeType[e] === weakEdge) continue;
      const to = edgeTo[e];
      const current = owners[to];
      if (current === UNVISITED) {
        owners[to] = owner;
        work[top++] = to;
      } else if (current !== to && current !== owner && current !== MANY_OWNERS) {
        owners[to] = MANY_OWNERS;
        work[top++] = to;
      }
    }
  };
  for (let node = 0; node < nodeCount; node++) {
    if (owners[node] === node) spread(node);
    while (top > 0) spread(work[--top]);
  }
  return moveToOwners(owners, input, raw);
}

/**
 * Turns `owners` into the shallow sizes, in place: an owner's entry (its own ordinal) is not
 * needed again, since isPart() tells who owns itself, and a part's entry is read before it is
 * written. A column of doubles takes over if a size or a sum reaches 4 GiB.
 */
function moveToOwners(owners: Uint32Array, input: OwnershipInput, raw: SizeColumn): SizeColumn {
  const { nodeCount, nodeType, rootOrdinal, types } = input;
  const keeps = (owner: number): boolean => owner === rootOrdinal || nodeType[owner] === types.synthetic;
  // In place while sizes are 32-bit; raw sizes that are not start a column of doubles.
  let shallow: SizeColumn = raw instanceof Uint32Array ? owners : new Float64Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) if (!isPart(input, node)) shallow[node] = raw[node];
  for (let node = 0; node < nodeCount; node++) {
    if (!isPart(input, node)) continue;
    const owner = owners[node];
    if (owner === UNVISITED || owner === MANY_OWNERS || keeps(owner)) {
      shallow[node] = raw[node];
      continue;
    }
    const sum = shallow[owner] + raw[node];
    if (sum > 0xffffffff && shallow instanceof Uint32Array) shallow = Float64Array.from(shallow);
    shallow[owner] = sum;
    shallow[node] = 0;
  }
  return shallow;
}

/** A store an object may own: a hidden or array node, or an external string's characters. */
function isPart({ nodeType, nodeName, types, externalStringData }: OwnershipInput, node: number): boolean {
  const type = nodeType[node];
  return type === types.hidden || type === types.array || (type === types.native && externalStringData.has(nodeName[node]));
}

/** DevTools' test: some child of the root is not synthetic, or is the document's DOM trees. */
function hasUserRoots({ firstEdge, edgeTo, nodeType, nodeName, types, rootOrdinal, documentTrees }: OwnershipInput): boolean {
  for (let e = firstEdge[rootOrdinal], end = firstEdge[rootOrdinal + 1]; e < end; e++) {
    const child = edgeTo[e];
    if (nodeType[child] !== types.synthetic || documentTrees.has(nodeName[child])) return true;
  }
  return false;
}
