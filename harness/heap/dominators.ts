// Dominator tree and retained sizes, with the rules Chrome DevTools applies, so that our
// retained sizes are the ones a user sees in DevTools' summary view:
//  - weak edges never retain, nor does an edge from a node to itself;
//  - shortcut edges count only from the synthetic root (they mark user globals);
//  - an edge from an object not owned by the page (not reachable from a user global) into a
//    page-owned object does not retain it: debugger and system references do not dominate;
//  - a WeakMap value is retained by its key, not by the WeakMap's table (the snapshot has
//    both edges; the one from the table is ignored);
//  - nodes reachable only through ignored edges hang under the root.
// The algorithm is Lengauer-Tarjan ("simple" version, path compression only): near-linear,
// iterative (no recursion), and working on typed arrays with 1-based vertex numbers so that 0
// can mean "none".

import type { HeapSnapshot } from './snapshot.ts';

export interface Dominators {
  /** Immediate dominator of each node (ordinal); the root dominates itself. */
  idom: Uint32Array;
  /** Bytes freed if the node were collected: its own and everything it dominates. */
  retainedSize: Float64Array;
  /** The part of retainedSize held in ArrayBuffer backing stores, outside the V8 heap. */
  retainedOffHeap: Float64Array;
  /** The dominator tree: node i's children are children[firstChild[i]..firstChild[i+1]]. */
  firstChild: Uint32Array;
  children: Uint32Array;
}

const WEAKMAP_EDGE = /^\d+ \/ part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\)$/;

export interface DominatorOptions {
  /**
   * Skip the page-ownership rule. memlab does not apply it to Node snapshots, so its retained
   * sizes are ours with this set; retainer paths also use it, since a path may well pass
   * through a system object.
   */
  ignorePageOwnership?: boolean;
}

/** Marks the edges that count for retention; see the rules above. */
export function essentialEdges(snap: HeapSnapshot, options: DominatorOptions = {}): Uint8Array {
  const { nodeCount, edgeCount, firstEdge, edgeTo, edgeType, edgeNameOrIndex, nodeId, strings } = snap;
  const { weak, shortcut, internal } = snap.E;
  const root = snap.rootOrdinal;
  const pageOwned = options.ignorePageOwnership ? new Uint8Array(nodeCount) : pageOwnedNodes(snap);
  // WeakMap table id per edge-name string, or -1; computed once per distinct name.
  const tableIdOfName = new Map<number, number>();
  const essential = new Uint8Array(edgeCount);
  for (let node = 0; node < nodeCount; node++) {
    const fromPage = pageOwned[node];
    for (let e = firstEdge[node], end = firstEdge[node + 1]; e < end; e++) {
      const type = edgeType[e];
      const to = edgeTo[e];
      if (type === weak || to === node) continue;
      if (node !== root) {
        if (type === shortcut) continue;
        if (pageOwned[to] && !fromPage) continue;
      }
      if (type === internal) {
        const nameIndex = edgeNameOrIndex[e];
        let tableId = tableIdOfName.get(nameIndex);
        if (tableId === undefined) {
          const match = WEAKMAP_EDGE.exec(strings[nameIndex]);
          tableId = match ? Number(match[1]) : -1;
          tableIdOfName.set(nameIndex, tableId);
        }
        if (tableId === nodeId[node]) continue;
      }
      essential[e] = 1;
    }
  }
  return essential;
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
  const stack = new Uint32Array(nodeCount);
  let top = 0;
  for (let e = firstEdge[root]; e < firstEdge[root + 1]; e++) {
    const to = edgeTo[e];
    const isUserRoot =
      edgeType[e] === snap.E.shortcut ||
      (edgeType[e] === snap.E.element && snap.name(to) === '(Document DOM trees)');
    if (isUserRoot && !flags[to]) {
      flags[to] = 1;
      stack[top++] = to;
    }
  }
  const weak = snap.E.weak;
  while (top > 0) {
    const node = stack[--top];
    for (let e = firstEdge[node], end = firstEdge[node + 1]; e < end; e++) {
      const to = edgeTo[e];
      if (flags[to] || edgeType[e] === weak) continue;
      flags[to] = 1;
      stack[top++] = to;
    }
  }
  return flags;
}

export function computeDominators(snap: HeapSnapshot, options: DominatorOptions = {}): Dominators {
  const n = snap.nodeCount;
  const { firstEdge, edgeTo } = snap;
  const essential = essentialEdges(snap, options);

  // Predecessors through essential edges, as 1-based vertex numbers in a CSR layout.
  const firstPred = new Uint32Array(n + 2);
  for (let e = 0; e < essential.length; e++) if (essential[e]) firstPred[edgeTo[e] + 2]++;
  for (let v = 2; v <= n + 1; v++) firstPred[v] += firstPred[v - 1];
  const preds = new Uint32Array(firstPred[n + 1]);
  {
    const fill = firstPred.slice(0, n + 1);
    for (let node = 0; node < n; node++) {
      for (let e = firstEdge[node], end = firstEdge[node + 1]; e < end; e++) {
        if (essential[e]) preds[fill[edgeTo[e] + 1]++] = node + 1;
      }
    }
  }

  const size = n + 1;
  const parent = new Uint32Array(size);
  const ancestor = new Uint32Array(size);
  const vertex = new Uint32Array(size);
  const label = new Uint32Array(size);
  const semi = new Uint32Array(size);
  const dom = new Uint32Array(size);
  let count = 0;

  // Iterative depth-first numbering: nextEdge remembers where each vertex's scan stopped.
  const nextEdge = new Uint32Array(size);
  const dfs = (start: number): void => {
    nextEdge[start] = firstEdge[start - 1];
    let v = start;
    while (v !== 0) {
      if (semi[v] === 0) {
        semi[v] = ++count;
        vertex[count] = label[v] = v;
      }
      let next = parent[v];
      const end = firstEdge[v];
      for (let e = nextEdge[v]; e < end; e++) {
        if (!essential[e]) continue;
        const w = edgeTo[e] + 1;
        if (semi[w] === 0) {
          parent[w] = v;
          nextEdge[w] = firstEdge[w - 1];
          nextEdge[v] = e + 1;
          next = w;
          break;
        }
      }
      if (next === parent[v]) nextEdge[v] = end;
      v = next;
    }
  };

  const r = snap.rootOrdinal + 1;
  dfs(r);
  if (count < n) {
    // Nodes retained only through ignored edges (weak ones, mostly) hang under the root.
    for (let v = 1; v <= n; v++) {
      if (semi[v] === 0 && firstPred[v] === firstPred[v + 1]) {
        parent[v] = r;
        dfs(v);
      }
    }
  }
  if (count < n) {
    // What is left sits in cycles that nothing outside retains: each hangs under the root.
    for (let v = 1; v <= n; v++) {
      if (semi[v] === 0) {
        parent[v] = r;
        semi[v] = ++count;
        vertex[count] = label[v] = v;
      }
    }
  }

  const compressStack = nextEdge; // the DFS is over: reuse its array
  const evaluate = (v: number): number => {
    if (ancestor[v] === 0) return v;
    let sp = 0;
    let u = v;
    while (ancestor[ancestor[u]] !== 0) {
      compressStack[++sp] = u;
      u = ancestor[u];
    }
    while (sp > 0) {
      const w = compressStack[sp--];
      if (semi[label[ancestor[w]]] < semi[label[w]]) label[w] = label[ancestor[w]];
      ancestor[w] = ancestor[ancestor[w]];
    }
    return label[v];
  };

  // Buckets as singly linked lists in two arrays: bucketHead[v] -> bucketNext[w] -> ...
  const bucketHead = new Uint32Array(size);
  const bucketNext = new Uint32Array(size);
  for (let i = count; i >= 2; i--) {
    const w = vertex[i];
    let orphan = true;
    for (let p = firstPred[w], end = firstPred[w + 1]; p < end; p++) {
      orphan = false;
      const u = evaluate(preds[p]);
      if (semi[u] < semi[w]) semi[w] = semi[u];
    }
    if (orphan) semi[w] = semi[r];
    const s = vertex[semi[w]];
    bucketNext[w] = bucketHead[s];
    bucketHead[s] = w;
    const pw = parent[w];
    ancestor[w] = pw; // link
    for (let v = bucketHead[pw]; v !== 0; v = bucketNext[v]) {
      const u = evaluate(v);
      dom[v] = semi[u] < semi[v] ? u : pw;
    }
    bucketHead[pw] = 0;
  }
  // Vertices attached to the root without a DFS edge (orphan cycles) may never leave their
  // bucket and keep dom 0; vertex 0 dominated by the root makes them fall back to it.
  dom[0] = dom[r] = r;
  for (let i = 2; i <= count; i++) {
    const w = vertex[i];
    if (dom[w] !== vertex[semi[w]]) dom[w] = dom[dom[w]];
  }

  // Back to 0-based ordinals; sizes accumulate bottom-up in reverse DFS order, since a
  // dominator is always numbered before the nodes it dominates.
  const idom = new Uint32Array(n);
  const retainedSize = new Float64Array(n);
  const retainedOffHeap = new Float64Array(n);
  const offHeapNames = backingStoreNames(snap);
  const native = snap.T.native;
  for (let node = 0; node < n; node++) {
    idom[node] = dom[node + 1] - 1;
    const self = snap.nodeSelfSize[node];
    retainedSize[node] = self;
    if (snap.nodeType[node] === native && offHeapNames.has(snap.nodeName[node])) retainedOffHeap[node] = self;
  }
  for (let i = count; i >= 2; i--) {
    const node = vertex[i] - 1;
    const d = idom[node];
    retainedSize[d] += retainedSize[node];
    retainedOffHeap[d] += retainedOffHeap[node];
  }
  return { idom, retainedSize, retainedOffHeap, ...dominatorTree(idom, snap.rootOrdinal) };
}

/** String indices that name ArrayBuffer backing stores (normally exactly one). */
export function backingStoreNames(snap: HeapSnapshot): Set<number> {
  const names = new Set<number>();
  snap.strings.forEach((s, i) => {
    if (s === 'system / JSArrayBufferData') names.add(i);
  });
  return names;
}

/** The dominator tree as children lists, in CSR form. */
function dominatorTree(idom: Uint32Array, root: number): { firstChild: Uint32Array; children: Uint32Array } {
  const n = idom.length;
  const firstChild = new Uint32Array(n + 1);
  for (let node = 0; node < n; node++) if (node !== root) firstChild[idom[node] + 1]++;
  for (let i = 1; i <= n; i++) firstChild[i] += firstChild[i - 1];
  const children = new Uint32Array(Math.max(0, n - 1));
  const fill = firstChild.slice(0, n);
  for (let node = 0; node < n; node++) if (node !== root) children[fill[idom[node]]++] = node;
  return { firstChild, children };
}
