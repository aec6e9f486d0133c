// Who holds the heap, in one snapshot (a crash dump written near the heap limit, say), named
// the way the program names it: `report-cache.mjs (module) → reports.rendered`, a closure's
// variable, a property chain. `analyze` lists these, largest first, with each one's share.
//
// A holder is an object of the program's data (an object, an array, a closure, a string; not
// a Context, a global, the engine's code or internal stores, or a synthetic root) that
// retains at least a small share of the heap. The dominator tree is walked from the root:
//   - a node that is not such an object is looked inside (its dominated children are);
//   - one that is, is a holder, after a descent through wrappers: while one dominated child
//     keeps WRAPPER_SHARE of its parent, the deepest of the program's data on that chain is
//     the better name (a closure gives way, through its Context, to the variable holding the
//     bytes; the class instance `reports` to its Map `rendered`, which holds 94 % of it), and
//     a collection (Map, Set, Array) is where the descent stops: it holds its members;
//   - below a holder nothing more is listed, so holders never overlap and their shares add up.
// Each is named by its path from the program's own module scopes when one exists (paths.ts
// programPath), so the stack of the function that was running, Node's handles and the
// engine's roots name a holder only when the program has no path to it.

import type { HeapAnalysis } from './analysis.ts';
import { WRAPPER_SHARE } from './descend.ts';
import { holderText, programPathsTo, type PathStep } from './paths.ts';
import { isProgramScript } from './scopes.ts';
import { CONTEXT, nativeContextNames } from './snapshot.ts';

export interface Holder {
  /** As the program names it; the tail of its retainer path when nothing names it. */
  holder: string;
  /** Snapshot id of the holding object. */
  id: number;
  className: string;
  retainedSize: number;
  /** Of the snapshot's total retained size (the root's), 0..1. */
  share: number;
  /** From the program's own scope when it has one, else from the GC roots. */
  path: PathStep[];
}

export interface HolderOptions {
  /** Holders retaining less than this share of the heap are not listed (default 1 %). */
  minShare?: number;
  /** At most this many (default 10). */
  limit?: number;
}

/** A collection holds its members: the holder is the collection, even when one member is most of it. */
const COLLECTIONS = new Set(['Map', 'Set', 'Array', 'WeakMap', 'WeakSet']);

/** Node types whose objects are the program's data, and can be named as holding it. */
const DATA_TYPES = new Set(['object', 'closure', 'regexp', 'string', 'concatenated string', 'sliced string']);

export function heapHolders(analysis: HeapAnalysis, options: HolderOptions = {}): Holder[] {
  const holding = holderNodes(analysis, options);
  const paths = programPathsTo(analysis.snapshot, analysis.scopes.programModules(isProgramScript), holding.map((h) => h.node), { spares: analysis.spares });
  return nameHolders(analysis, holding, paths.program);
}

/** A holding object and the bytes it holds (its retained size, or its store's: see holderNodes). */
export interface HoldingNode {
  node: number;
  retainedSize: number;
}

/**
 * The holding objects, largest first (heapHolders without their names). A collection's
 * backing store that holds a share of the heap without being dominated by its collection is
 * put on the collection: a snapshot written near the heap limit is often written while a Map
 * grows, its old table then held both by the Map and by a handle of the code copying it, so
 * that nothing of the program's dominates the entries.
 */
export function holderNodes(analysis: HeapAnalysis, options: HolderOptions = {}): HoldingNode[] {
  const { minShare = 0.01, limit = 10 } = options;
  const snap = analysis.snapshot;
  const { retainedSize } = analysis.dominators;
  const { firstChild, children } = analysis.dominatorTree;
  const total = retainedSize[snap.rootOrdinal];
  if (!(total > 0)) return [];
  const minBytes = total * minShare;
  // The globals: the root's shortcut edges (paths.ts explores them first, at distance 1).
  const globals = new Set<number>();
  for (let e = snap.firstEdge[snap.rootOrdinal]; e < snap.firstEdge[snap.rootOrdinal + 1]; e++) if (snap.edgeType[e] === snap.E.shortcut) globals.add(snap.edgeTo[e]);
  const dataType = new Uint8Array(snap.nodeTypes.length);
  snap.nodeTypes.forEach((name, t) => (dataType[t] = DATA_TYPES.has(name) ? 1 : 0));
  const scopeNames = new Set([...snap.strings.findEqual(CONTEXT), ...nativeContextNames(snap)]);
  /** Program data: a data type, not a scope, and not a global (one step from the root). */
  const isData = (node: number): boolean => dataType[snap.nodeType[node]] === 1 && !scopeNames.has(snap.nodeName[node]) && !globals.has(node);

  const store = new Uint8Array(snap.nodeTypes.length);
  for (const type of [snap.T.array, snap.T.hidden]) if (type >= 0) store[type] = 1;
  const found: HoldingNode[] = [];
  const stores: number[] = [];
  const stack = [snap.rootOrdinal];
  while (stack.length) {
    const node = stack.pop()!;
    for (let k = firstChild[node]; k < firstChild[node + 1]; k++) {
      const child = children[k];
      if (retainedSize[child] < minBytes) continue;
      if (isData(child)) {
        const holder = descend(child);
        found.push({ node: holder, retainedSize: retainedSize[holder] });
      } else {
        if (store[snap.nodeType[child]]) stores.push(child);
        stack.push(child);
      }
    }
  }
  found.push(...ownersOfStrayStores());

  /**
   * Through wrappers: down the chain of dominated children that each keep WRAPPER_SHARE of
   * their parent (a closure's Context, a class instance, a Map's table), to the deepest object
   * of the program's data on it.
   */
  function descend(node: number): number {
    let deepest = node;
    for (let depth = 0; depth < 64 && !COLLECTIONS.has(snap.className(deepest)); depth++) {
      let next = -1;
      for (let k = firstChild[node]; k < firstChild[node + 1]; k++) {
        const child = children[k];
        if (retainedSize[child] >= WRAPPER_SHARE * retainedSize[node]) next = child;
      }
      if (next < 0) break;
      node = next;
      if (isData(node)) deepest = node;
    }
    return deepest;
  }

  /**
   * The stores that hold a share of the heap with no holder below them and no such store above
   * them, each put on the object of the program's data that points to it (one scan of the
   * edges). A store with no such owner is left out.
   */
  function ownersOfStrayStores(): HoldingNode[] {
    const { idom } = analysis.dominators;
    const candidates = new Set(stores);
    const above = new Set<number>();
    for (const { node } of found) for (let at = idom[node]; at !== snap.rootOrdinal && !above.has(at); at = idom[at]) above.add(at);
    const stray = new Set<number>();
    for (const s of stores) {
      if (above.has(s)) continue;
      let nested = false;
      for (let at = idom[s]; at !== snap.rootOrdinal && !nested; at = idom[at]) nested = candidates.has(at);
      if (!nested) stray.add(s);
    }
    if (!stray.size) return [];
    const owners = new Map<number, number>();
    for (let from = 0; from < snap.nodeCount && owners.size < stray.size; from++) {
      if (!isData(from)) continue;
      for (let e = snap.firstEdge[from]; e < snap.firstEdge[from + 1]; e++) {
        const to = snap.edgeTo[e];
        if (stray.has(to) && !owners.has(to) && snap.edgeType[e] !== snap.E.weak) owners.set(to, from);
      }
    }
    return [...owners].map(([s, owner]) => ({ node: owner, retainedSize: retainedSize[s] }));
  }

  found.sort((a, b) => b.retainedSize - a.retainedSize);
  return found.slice(0, limit);
}

/** Holders named by their paths (paths.ts programPathsTo: from the program's modules when one holds them). */
export function nameHolders(analysis: HeapAnalysis, holding: readonly HoldingNode[], paths: readonly PathStep[][]): Holder[] {
  const snap = analysis.snapshot;
  const total = analysis.dominators.retainedSize[snap.rootOrdinal];
  return holding.map(({ node, retainedSize }, i) => {
    const path = analysis.scopes.annotate(paths[i]);
    return {
      holder: nameOf(path),
      id: snap.id(node),
      className: snap.className(node),
      retainedSize,
      share: retainedSize / total,
      path,
    };
  });
}

/**
 * The program's name for what a path leads to; for what only a running function's stack holds
 * (its locals have no names in a snapshot), says so; else the last steps of the path.
 */
function nameOf(path: readonly PathStep[]): string {
  const last = path.at(-1);
  if (last && path.length <= 3 && path.some((step) => step.node.name === '(Stack roots)')) {
    return `(Stack roots) → ${last.node.className}: a local variable of the code that was running`;
  }
  return (
    holderText(path) ||
    path
      .slice(-3)
      .map((step) => step.node.name)
      .join(' → ')
  );
}
