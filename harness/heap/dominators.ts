// Dominator tree and retained sizes, with the rules Chrome DevTools applies, so that our
// retained sizes are the ones a user sees in DevTools' summary view:
//  - weak edges never retain, nor does an edge from a node to itself;
//  - shortcut edges count only from the synthetic root (they mark user globals);
//  - an edge from an object not owned by the page (not reachable from a user global) into a
//    page-owned object does not retain it: debugger and system references do not dominate;
//  - a WeakMap value is retained by its key, not by the WeakMap's table (the snapshot has
//    both edges; the one from the table is ignored);
//  - nodes reachable only through ignored edges hang under the root.
// The algorithm is semi-NCA (Georgiadis): Lengauer-Tarjan's semidominators, with path
// compression, then each immediate dominator found by walking up the DFS tree, which needs no
// buckets. Near-linear in practice, iterative (no recursion), on typed arrays with 1-based
// vertex numbers so that 0 can mean "none".

import { grownUint32 } from './grow.ts';
import type { SpareArrays } from './spares.ts';
import type { HeapSnapshot, SizeColumn } from './snapshot.ts';

const WEAKMAP_EDGE = /^\d+ \/ part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\)$/;

export interface Dominators {
  /** Immediate dominator of each node (ordinal); the root dominates itself. */
  idom: Uint32Array;
  /** Bytes freed if the node were collected: its own and everything it dominates. */
  retainedSize: SizeColumn;
  /** The part of a node's retained size held in ArrayBuffer backing stores, off the V8 heap. */
  retainedOffHeap(node: number): number;
  /** The dominator tree as children lists: for walks down from an object. */
  tree: DominatorTree;
}

/** The dominator tree: node i's children are children[firstChild[i]..firstChild[i+1]]. */
export interface DominatorTree {
  readonly firstChild: Uint32Array;
  readonly children: Uint32Array;
}

export interface DominatorOptions {
  /**
   * Skip the page-ownership rule. memlab does not apply it to Node snapshots, so its retained
   * sizes are ours with this set; retainer paths also use it, since a path may well pass
   * through a system object.
   */
  ignorePageOwnership?: boolean;
}

/**
 * Decides which edges count for retention (the rules above). `retains` tests one edge from
 * the source node at hand; `bits` flags them all at one bit per edge, for the hot loops.
 */
export class EssentialEdges {
  private readonly weak: number;
  private readonly shortcut: number;
  private readonly internal: number;
  private readonly pageOwned: Uint8Array | null;
  private readonly weakMapTable: Map<number, number> | null;

  constructor(private readonly snap: HeapSnapshot, options: DominatorOptions = {}) {
    ({ weak: this.weak, shortcut: this.shortcut, internal: this.internal } = snap.E);
    this.pageOwned = options.ignorePageOwnership ? null : pageOwnedNodes(snap);
    this.weakMapTable = weakMapTableIds(snap);
  }

  /** Whether edge `e`, which leaves `from`, retains its target. */
  retains(from: number, e: number): boolean {
    const snap = this.snap;
    const type = snap.edgeType[e];
    const to = snap.edgeTo[e];
    if (type === this.weak || to === from) return false;
    if (from !== snap.rootOrdinal) {
      if (type === this.shortcut) return false;
      if (this.pageOwned && this.pageOwned[to] && !this.pageOwned[from]) return false;
    }
    if (type === this.internal && this.weakMapTable && this.weakMapTable.get(snap.edgeNameOrIndex[e]) === snap.nodeId[from]) {
      return false;
    }
    return true;
  }

  /**
   * One bit per edge, set when the edge retains: test with (bits[e >>> 3] >> (e & 7)) & 1.
   * With `retained` (one bit per node, zeroed), also marks every node some edge retains, in
   * the same walk.
   */
  bits(retained?: Uint8Array): Uint8Array {
    // retains(), edge by edge, with the per-snapshot choices taken once outside the loop.
    const { nodeCount, firstEdge, edgeTo, edgeType, edgeNameOrIndex, nodeId, rootOrdinal } = this.snap;
    const { weak, shortcut, internal, pageOwned, weakMapTable } = this;
    const bits = new Uint8Array((this.snap.edgeCount >>> 3) + 1);
    for (let from = 0; from < nodeCount; from++) {
      const fromRoot = from === rootOrdinal;
      const fromPage = pageOwned === null || pageOwned[from] === 1;
      for (let e = firstEdge[from], end = firstEdge[from + 1]; e < end; e++) {
        const type = edgeType[e];
        const to = edgeTo[e];
        if (type === weak || to === from) continue;
        if (!fromRoot && (type === shortcut || (!fromPage && pageOwned![to] === 1))) continue;
        if (type === internal && weakMapTable !== null && weakMapTable.get(edgeNameOrIndex[e]) === nodeId[from]) continue;
        bits[e >>> 3] |= 1 << (e & 7);
        if (retained) retained[to >>> 3] |= 1 << (to & 7);
      }
    }
    return bits;
  }
}

/**
 * For edge names of the form "... pair in WeakMap (table @id)": string index -> table id.
 * Null when the snapshot has none, which keeps the edge loop free of lookups.
 */
export function weakMapTableIds(snap: HeapSnapshot): Map<number, number> | null {
  let map: Map<number, number> | null = null;
  for (const i of snap.strings.findContaining(' pair in WeakMap (table @')) {
    const match = WEAKMAP_EDGE.exec(snap.strings.get(i)!);
    if (match) (map ??= new Map()).set(i, Number(match[1]));
  }
  return map;
}

/**
 * Objects owned by the page: reachable without weak edges from the user roots, which are the
 * targets of the root's shortcut edges (the global objects) and, in browsers, the document's
 * DOM trees. In a snapshot without user roots nothing is marked and the rule has no effect.
 */
export function pageOwnedNodes(snap: HeapSnapshot): Uint8Array {
  const { nodeCount, firstEdge, edgeTo, edgeType } = snap;
  const root = snap.rootOrdinal;
  const flags = new Uint8Array(nodeCount);
  // Each node is pushed once at most, but few wait at once: the stack starts small and grows.
  let stack = new Uint32Array(Math.min(nodeCount, 1 << 16));
  let top = 0;
  const push = (node: number): void => {
    if (top === stack.length) stack = grownUint32(stack);
    stack[top++] = node;
  };
  for (let e = firstEdge[root]; e < firstEdge[root + 1]; e++) {
    const to = edgeTo[e];
    const isUserRoot =
      edgeType[e] === snap.E.shortcut ||
      (edgeType[e] === snap.E.element && snap.name(to) === '(Document DOM trees)');
    if (isUserRoot && !flags[to]) {
      flags[to] = 1;
      push(to);
    }
  }
  const weak = snap.E.weak;
  while (top > 0) {
    const node = stack[--top];
    for (let e = firstEdge[node], end = firstEdge[node + 1]; e < end; e++) {
      const to = edgeTo[e];
      if (flags[to] || edgeType[e] === weak) continue;
      flags[to] = 1;
      push(to);
    }
  }
  return flags;
}

/** `spares`: where the arrays it is done with go, for the next computation (spares.ts). */
export function computeDominators(snap: HeapSnapshot, options: DominatorOptions = {}, spares?: SpareArrays): Dominators {
  const n = snap.nodeCount;
  const retained = new Uint8Array((n >>> 3) + 1);
  const bits = new EssentialEdges(snap, options).bits(retained);
  // From here on, arrays are indexed by DFS number (1-based; 0 is "none"), which lets each
  // phase reuse the arrays of the ones before: five node-sized arrays in all, plus preds.
  const firstPred = new Uint32Array(n + 2);
  const semi = new Uint32Array(n + 1);
  const walk = depthFirst(snap, bits, retained, firstPred, semi);
  const { num, vertex, parent, scratch, count } = walk;
  for (let i = 2; i <= n + 1; i++) firstPred[i] += firstPred[i - 1];
  // `vertex` is not needed until the end: it serves as the eval/link labels meanwhile, and is
  // rebuilt from `num`, which the predecessor index reads throughout.
  semidominators(snap, bits, firstPred, num, parent, scratch.fill(0), vertex, semi);
  for (let v = 1; v <= n; v++) vertex[num[v]] = v;
  const dom = immediateFromSemi(parent, semi, count);
  // Back to 0-based ordinals, in the arrays that are free now.
  const idom = semi.subarray(0, n);
  const order = num.subarray(0, n);
  for (let i = 1; i <= count; i++) {
    idom[vertex[i] - 1] = vertex[dom[i]] - 1;
    order[i - 1] = vertex[i] - 1;
  }
  // `scratch` (the eval/link forest) is free now: the sizes go there when 32 bits hold them.
  const retainedSize = retainedSizes(snap, idom, order, scratch);
  const retainedOffHeap = offHeapRetained(snap, idom, order);
  // The tree's arrays are the predecessor index and the DFS numbering, both free now.
  const tree = childrenLists(idom, snap.rootOrdinal, firstPred, vertex);
  // The numbering and the DFS parents (`order`, `dom`) are read no more.
  spares?.give(num, parent);
  return { idom, retainedSize, tree, retainedOffHeap };
}

interface DepthFirst {
  /** vertex -> DFS number */
  num: Uint32Array;
  /** DFS number -> vertex */
  vertex: Uint32Array;
  /** DFS number -> its DFS parent's number */
  parent: Uint32Array;
  /** A free node-sized array (the walk's resume points). */
  scratch: Uint32Array;
  count: number;
}

/**
 * Depth-first numbering through essential edges, from the root, then of what it misses.
 * `retained` has a bit for each node some essential edge retains.
 *
 * The walk meets every essential edge once, knowing both ends' numbers (a target not yet
 * numbered is numbered there), and so counts, on the way, the predecessor index the
 * semidominator pass needs, in CSR form by DFS number: firstPred[i + 1] counts node i's
 * predecessors numbered after it (`firstPred` comes zeroed; the caller sums the counts into
 * starts). One numbered before its target is not yet linked when the target's turn comes, so
 * it offers its own number and nothing else: only the least of those matters, and it goes
 * straight into semi[i] (i itself if none; 1 for a node retained by nothing). The root's
 * predecessors are not counted: its turn never comes.
 */
function depthFirst(snap: HeapSnapshot, bits: Uint8Array, retained: Uint8Array, firstPred: Uint32Array, semi: Uint32Array): DepthFirst {
  const n = snap.nodeCount;
  const { firstEdge, edgeTo } = snap;
  const size = n + 1;
  const num = new Uint32Array(size); // 0 = not yet visited
  const vertex = new Uint32Array(size);
  const parent = new Uint32Array(size);
  const nextEdge = new Uint32Array(size); // vertex -> the next edge its scan resumes at
  let count = 0;
  const visit = (v: number, parentNumber: number): void => {
    num[v] = ++count;
    vertex[count] = v;
    parent[count] = parentNumber;
    nextEdge[v] = firstEdge[v - 1];
    semi[count] = (retained[(v - 1) >>> 3] >> ((v - 1) & 7)) & 1 ? count : 1;
  };
  /** Essential edge a -> b, both numbered: a predecessor to count, or a start for semi[b]. */
  const meet = (a: number, b: number): void => {
    if (a > b) {
      if (b !== 1) firstPred[b + 1]++;
    } else if (a < semi[b]) {
      semi[b] = a;
    }
  };
  // Iterative: the walk goes back up through parent numbers instead of a call stack.
  const dfs = (start: number, parentNumber: number): void => {
    visit(start, parentNumber);
    let v = start;
    for (;;) {
      const end = firstEdge[v];
      const a = num[v];
      let e = nextEdge[v];
      let next = 0;
      for (; e < end; e++) {
        if (((bits[e >>> 3] >> (e & 7)) & 1) === 0) continue;
        const w = edgeTo[e] + 1;
        const b = num[w];
        if (b === 0) {
          visit(w, a);
          meet(a, count);
          next = w;
          e++;
          break;
        }
        meet(a, b);
      }
      nextEdge[v] = e;
      if (next !== 0) v = next;
      else if (v === start) return;
      else v = vertex[parent[a]];
    }
  };
  dfs(snap.rootOrdinal + 1, 0);
  // Nodes retained only through ignored edges (weak ones, mostly) hang under the root.
  for (let v = 1; v <= n && count < n; v++) {
    if (num[v] === 0 && ((retained[(v - 1) >>> 3] >> ((v - 1) & 7)) & 1) === 0) dfs(v, 1);
  }
  // What is left sits in cycles that nothing outside retains: each hangs under the root. The
  // walk never scans their edges, so they are met here, once every node has its number.
  const walked = count;
  for (let v = 1; v <= n && count < n; v++) if (num[v] === 0) visit(v, 1);
  for (let i = walked + 1; i <= count; i++) {
    const node = vertex[i] - 1;
    for (let e = firstEdge[node], end = firstEdge[node + 1]; e < end; e++) {
      if ((bits[e >>> 3] >> (e & 7)) & 1) meet(i, num[edgeTo[e] + 1]);
    }
  }
  return { num, vertex, parent, scratch: nextEdge, count };
}

/**
 * Semidominators, in decreasing DFS order, with eval/link over a forest with path
 * compression: label[v] is the number of least semi on v's compressed path. `ancestor` comes
 * zeroed, `label` is any free array, `semi` holds each node's start (depthFirst)
 * and leaves with its semidominator.
 *
 * Most retaining edges on a heap point back in the DFS order (to objects many share), so the
 * predecessor index is the largest array the dominators need: it is filled in two halves, the
 * later nodes' first, in one buffer, each half just before its nodes' turn. The upper half's
 * fill reads only the edges of nodes numbered above it, so this costs half an edge pass. The
 * entries are DFS numbers split in two columns, low 16 bits and the rest: three bytes each
 * below 2^24 nodes.
 */
function semidominators(
  snap: HeapSnapshot,
  bits: Uint8Array,
  firstPred: Uint32Array,
  num: Uint32Array,
  parent: Uint32Array,
  ancestor: Uint32Array,
  label: Uint32Array,
  semi: Uint32Array,
): void {
  const n = snap.nodeCount;
  const { firstEdge, edgeTo } = snap;
  const total = firstPred[n + 1];
  let mid = 2;
  while (mid <= n && firstPred[mid] * 2 < total) mid++;
  const size = Math.max(total - firstPred[mid], firstPred[mid]);
  const low = new Uint16Array(size);
  const high = n < 1 << 24 ? new Uint8Array(size) : new Uint16Array(size);
  for (let i = 1; i <= n; i++) label[i] = i;
  let stack = new Uint32Array(1024); // compression paths are short; grown when one is not

  // Semidominators of the nodes numbered in [from, to), from the last one down.
  const half = (from: number, to: number): void => {
    // Fill: each start advances to the next one's, so afterwards firstPred[i - 1] starts i
    // (and `base`, from).
    const base = firstPred[from];
    for (let node = 0; node < n; node++) {
      const a = num[node + 1];
      if (a <= from) continue;
      for (let e = firstEdge[node], end = firstEdge[node + 1]; e < end; e++) {
        if (((bits[e >>> 3] >> (e & 7)) & 1) === 0) continue;
        const b = num[edgeTo[e] + 1];
        if (b >= from && b < to && a > b) {
          const p = firstPred[b]++ - base;
          low[p] = a & 0xffff;
          high[p] = a >>> 16;
        }
      }
    }
    for (let i = to - 1; i >= from; i--) {
      let best = semi[i];
      for (let p = (i === from ? base : firstPred[i - 1]) - base, end = firstPred[i] - base; p < end; p++) {
        // Numbered after i, so linked already: eval(v) with path compression, iteratively.
        const v = low[p] | (high[p] << 16);
        let sp = 0;
        let x = v;
        while (ancestor[ancestor[x]] !== 0) {
          if (sp === stack.length) stack = grownUint32(stack);
          stack[sp++] = x;
          x = ancestor[x];
        }
        while (sp > 0) {
          const y = stack[--sp];
          const a = ancestor[y];
          if (semi[label[a]] < semi[label[y]]) label[y] = label[a];
          ancestor[y] = ancestor[a];
        }
        const u = label[v];
        if (semi[u] < best) best = semi[u];
      }
      semi[i] = best;
      ancestor[i] = parent[i]; // link
    }
  };
  half(mid, n + 1);
  half(2, mid);
}

/**
 * Immediate dominators: from the DFS parent, climb while above the semidominator. parent[i]
 * is read just before dom[i] is written: the same array serves both.
 */
function immediateFromSemi(parent: Uint32Array, semi: Uint32Array, count: number): Uint32Array {
  const dom = parent;
  dom[1] = 1;
  for (let i = 2; i <= count; i++) {
    let d = parent[i];
    while (d > semi[i]) d = dom[d];
    dom[i] = d;
  }
  return dom;
}

/**
 * Sizes accumulate bottom-up: in reverse DFS order, every node adds itself to its dominator.
 * No retained size exceeds the heap's total: 32 bits hold them all below 4 GiB.
 */
function retainedSizes(snap: HeapSnapshot, idom: Uint32Array, order: Uint32Array, free: Uint32Array): SizeColumn {
  const sizes = snap.nodeSelfSize;
  let total = 0;
  for (let node = 0; node < sizes.length; node++) total += sizes[node];
  let retainedSize: SizeColumn;
  if (total <= 0xffffffff) {
    retainedSize = free.subarray(0, sizes.length);
    retainedSize.set(sizes);
  } else {
    retainedSize = Float64Array.from(sizes);
  }
  for (let i = order.length - 1; i >= 1; i--) {
    const node = order[i];
    retainedSize[idom[node]] += retainedSize[node];
  }
  return retainedSize;
}

/**
 * Off-heap bytes retained per node, kept sparse: only the dominator-tree ancestors of
 * ArrayBuffer backing stores hold any. One pass bottom-up (reverse DFS order), as for retained
 * sizes: linear however long the chain above a store (a queue of 32,000 Buffers once made
 * this quadratic, each store climbing the whole chain).
 */
function offHeapRetained(snap: HeapSnapshot, idom: Uint32Array, order: Uint32Array): (node: number) => number {
  const bytesOf = new Map<number, number>();
  // One bit per node says whether it holds any: most hold none, and a bit is cheaper to ask
  // than the map, for every node of the heap (here, and in every class summary).
  const holds = new Uint8Array((snap.nodeCount >>> 3) + 1);
  const names = backingStoreNames(snap);
  const native = snap.T.native;
  for (let node = 0; node < snap.nodeCount; node++) {
    if (snap.nodeType[node] === native && names.has(snap.nodeName[node])) {
      bytesOf.set(node, snap.nodeSelfSize[node]);
      holds[node >>> 3] |= 1 << (node & 7);
    }
  }
  const has = (node: number): boolean => ((holds[node >>> 3] >> (node & 7)) & 1) === 1;
  if (bytesOf.size > 0) {
    for (let i = order.length - 1; i >= 1; i--) {
      const node = order[i];
      if (!has(node)) continue;
      const up = idom[node];
      bytesOf.set(up, (bytesOf.get(up) ?? 0) + bytesOf.get(node)!);
      holds[up >>> 3] |= 1 << (up & 7);
    }
  }
  return (node) => (has(node) ? bytesOf.get(node)! : 0);
}

/** String indices that name ArrayBuffer backing stores (normally exactly one). */
export function backingStoreNames(snap: HeapSnapshot): Set<number> {
  return new Set(snap.strings.findEqual('system / JSArrayBufferData'));
}

/**
 * The dominator tree as children lists, in CSR form, written into two free arrays: `first`
 * of at least n + 2 entries and `children` of at least n - 1 (any contents).
 */
function childrenLists(idom: Uint32Array, root: number, first: Uint32Array, children: Uint32Array): DominatorTree {
  const n = idom.length;
  // Count into [i + 2], sum, then fill through [i + 1]: each start advances to the next
  // one's, so no separate cursor array is needed.
  first.fill(0, 0, n + 2);
  for (let node = 0; node < n; node++) if (node !== root) first[idom[node] + 2]++;
  for (let i = 2; i <= n + 1; i++) first[i] += first[i - 1];
  for (let node = 0; node < n; node++) if (node !== root) children[first[idom[node] + 1]++] = node;
  return { firstChild: first.subarray(0, n + 1), children: children.subarray(0, Math.max(0, n - 1)) };
}
