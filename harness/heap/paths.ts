// Distances from the GC roots and shortest retainer paths.
//
// A breadth-first search from the synthetic root that skips weak edges records, for every
// node, the edge it was first reached through; following those edges back gives the shortest
// retainer path. As in DevTools, the user's globals (the root's shortcut edges) are explored
// before the system roots, so that a path goes through `global` when one does, and the edges
// that only bookkeeping follows are skipped (a WeakMap table's edge to a value: the key holds it).
// Unlike DevTools, the search first keeps out of the engine's own objects (compiled code,
// feedback vectors, allocation sites, object shapes): a path goes through them only when no
// other path exists, since a developer can act on a registry that holds 199 entries, not on
// the allocation-site feedback that happens to hold the 200th.

import { isNativeContextName, nativeContextNames, type HeapSnapshot } from './snapshot.ts';
import { weakMapTableIds } from './dominators.ts';
import { grownUint32 } from './grow.ts';
import type { SpareArrays } from './spares.ts';

export const UNREACHABLE = 0xffffffff;
/** Distances of nodes reached only through system roots start here, as in DevTools. */
export const SYSTEM_DISTANCE = 100_000_000;

const GLOBAL_OBJECT = /^global \(global\*?\)$/;

export interface RetainerTree {
  /** Edge index through which each node was first reached; UNREACHABLE for the root and orphans. */
  parentEdge: Uint32Array;
  /** The node owning that edge. */
  parentNode: Uint32Array;
  distance: Uint32Array;
}

/**
 * The BFS tree of shortest retainer paths. With `seeds`, the search starts from those nodes
 * instead of the root (each at distance 0, with no parent): the paths of what they reach.
 * `spares` (spares.ts) lend it arrays, and take back its queue.
 */
export function computeRetainerTree(snap: HeapSnapshot, seeds?: readonly number[], spares?: SpareArrays): RetainerTree {
  const n = snap.nodeCount;
  const take = (): Uint32Array => spares?.take(n) ?? new Uint32Array(n);
  const space = { parentEdge: take(), parentNode: take(), distance: take(), queue: take() };
  const tree = searchRetainers(snap, seeds, null, space);
  spares?.give(space.queue);
  return tree;
}

/**
 * The shortest retainer path of one node, as retainerPath gives it from the whole tree, when
 * no other path is wanted: the search stops once it reaches the node. Its path is then final,
 * since a node's parent is set once, when it is first reached.
 */
export function retainerPathTo(snap: HeapSnapshot, node: number): PathStep[] {
  return retainerPath(snap, searchRetainers(snap, undefined, [node], searchSpace(snap.nodeCount)), node);
}

/**
 * The paths of a few nodes as programPath gives them, without either whole tree (analyze
 * prints a handful): one search from the program's modules and one from the root, each
 * stopped once it has reached every node it is asked for, as retainerPathTo's is. The two
 * searches run one after the other in the same arrays, so that a large heap pays for one.
 * `shortest`: more nodes whose plain shortest paths (retainerPathTo's) the root's search
 * finds on the way.
 */
export function programPathsTo(
  snap: HeapSnapshot,
  programModules: readonly number[],
  nodes: readonly number[],
  options: { spares?: SpareArrays; shortest?: readonly number[] } = {},
): { program: PathStep[][]; shortest: PathStep[][] } {
  const { spares, shortest = [] } = options;
  const space = searchSpace(snap.nodeCount, spares);
  // The tails are taken out of the program's search before the root's reuses its arrays.
  const program = searchRetainers(snap, programModules, nodes, space);
  const tails = nodes.map((node) => programTail(snap, program, node));
  // From the root: the module each path starts from, or the node itself when no module holds it.
  const root = searchRetainers(snap, undefined, [...tails.map((tail, i) => tail?.module ?? nodes[i]), ...shortest], space);
  // A module the root does not reach (joinTail would fall back to the node's own path, which
  // this search was not asked for): the node's own path, searched for.
  return {
    program: nodes.map((node, i) => {
      const tail = tails[i];
      if (!tail) return retainerPath(snap, root, node);
      return tail.module !== node && root.distance[tail.module] === UNREACHABLE ? retainerPathTo(snap, node) : joinTail(snap, root, tail);
    }),
    shortest: shortest.map((node) => retainerPath(snap, root, node)),
  };
}

/** A search's arrays, any contents: a whole tree fills them first, a stopped search writes each entry before it reads it. */
type SearchSpace = RetainerTree & { queue: Uint32Array };

/**
 * A stopped search writes parentEdge and queue at every node it reaches, but parentNode and
 * distance only along its paths: spares serve the first two, fresh (untouched) pages the others.
 */
function searchSpace(n: number, spares?: SpareArrays): SearchSpace {
  return {
    parentEdge: spares?.take(n) ?? new Uint32Array(n),
    parentNode: new Uint32Array(n),
    distance: new Uint32Array(n),
    queue: spares?.take(n) ?? new Uint32Array(n),
  };
}

/**
 * The breadth-first search of both. With `targets`, it stops once it has reached them all,
 * in `space`: then only the targets' paths are meaningful (a seed's parent is UNREACHABLE, as
 * in a whole tree). A stopped search writes only what its paths need: each reached node's
 * parentEdge; parentNode along the targets' paths once it stops; a target's distance
 * (UNREACHABLE or not: its number means nothing). Fewer writes to far-apart entries make a
 * faster search on a large heap, and pages of `distance` it never writes cost no memory.
 */
function searchRetainers(snap: HeapSnapshot, seeds: readonly number[] | undefined, targets: readonly number[] | null, space: SearchSpace): RetainerTree {
  const n = snap.nodeCount;
  const { firstEdge, edgeTo, edgeType, edgeNameOrIndex, nodeId, nodeName } = snap;
  const { weak, shortcut, internal } = snap.E;
  // EssentialEdges.retains without the page-ownership rule, inlined in `scan` below.
  const weakMapTable = weakMapTableIds(snap);
  const root = snap.rootOrdinal;
  const whole = targets === null;
  const { parentEdge, parentNode, distance, queue } = space;
  /** One bit per node: a target (counted down in `remaining` as each is reached). */
  const wanted = new Uint8Array(whole ? 0 : (n >>> 3) + 1);
  let remaining = 0;
  if (whole) {
    parentEdge.fill(UNREACHABLE);
    parentNode.fill(UNREACHABLE);
    distance.fill(UNREACHABLE);
  } else {
    for (const target of targets) {
      if (target >= n || (wanted[target >>> 3] >> (target & 7)) & 1) continue;
      wanted[target >>> 3] |= 1 << (target & 7);
      distance[target] = UNREACHABLE; // until it is reached
      parentNode[target] = UNREACHABLE;
      remaining++;
    }
  }
  /** One bit per node: reached (the arrays of a stopped search are not filled to say so). */
  const reached = new Uint8Array((n >>> 3) + 1);
  const isReached = (node: number): boolean => ((reached[node >>> 3] >> (node & 7)) & 1) === 1;
  let head = 0;
  let tail = 0;
  const reach = (node: number, from: number, e: number, d: number): void => {
    reached[node >>> 3] |= 1 << (node & 7);
    parentEdge[node] = e;
    queue[tail++] = node;
    if (whole) {
      parentNode[node] = from;
      distance[node] = d;
    } else if ((wanted[node >>> 3] >> (node & 7)) & 1) {
      distance[node] = d;
      remaining--;
    }
  };
  const done = (): boolean => !whole && remaining === 0;

  // Node types a path avoids while it can: the engine's code and shapes, one bit per node. An
  // edge into one is put aside (the first one into each, in the order the search meets them)
  // for the last phase, which enters them: `deferred` bits, the nodes and their parents in
  // `aside`, the edge in parentEdge meanwhile (the node is not reached, so nothing else writes
  // there). A program's search never enters them.
  const engine = engineBits(snap);
  const isEngine = (node: number): boolean => ((engine[node >>> 3] >> (node & 7)) & 1) === 1;
  const deferred = new Uint8Array(seeds ? 0 : (n >>> 3) + 1);
  let aside = new Uint32Array(seeds ? 0 : 1024);
  let asideCount = 0;
  let enterEngine = false;
  // The program's search: never up a scope chain (`previous`) to the NativeContext, which
  // reaches the whole runtime.
  const previous = seeds ? new Set(snap.strings.findEqual('previous')) : null;
  const nativeContexts = seeds ? nativeContextNames(snap) : null;

  /** Reaches what `node`'s retaining edges lead to, in edge order. */
  const scan = (node: number, d: number): void => {
    const fromRoot = node === root;
    for (let e = firstEdge[node], end = firstEdge[node + 1]; e < end; e++) {
      const to = edgeTo[e];
      if ((reached[to >>> 3] >> (to & 7)) & 1) continue;
      const type = edgeType[e];
      if (type === weak || to === node || (type === shortcut && !fromRoot)) continue;
      if (type === internal && weakMapTable !== null && weakMapTable.get(edgeNameOrIndex[e]) === nodeId[node]) continue;
      if (!enterEngine && isEngine(to)) {
        if (seeds || (deferred[to >>> 3] >> (to & 7)) & 1) continue;
        deferred[to >>> 3] |= 1 << (to & 7);
        if (asideCount + 2 > aside.length) aside = grownUint32(aside);
        aside[asideCount++] = to;
        aside[asideCount++] = node;
        parentEdge[to] = e;
        continue;
      }
      if (previous !== null && ((type === internal && previous.has(edgeNameOrIndex[e])) || nativeContexts!.has(nodeName[to]))) continue;
      reach(to, node, e, d);
    }
  };
  const drain = (): void => {
    while (head < tail && !done()) {
      const node = queue[head++];
      scan(node, whole ? distance[node] + 1 : 0);
    }
  };

  const result = (): RetainerTree => {
    if (!whole) linkParents(snap, { parentEdge, parentNode, distance }, targets, seeds ? -1 : root);
    return { parentEdge, parentNode, distance };
  };
  if (seeds) {
    for (const seed of seeds) if (!isReached(seed)) reach(seed, UNREACHABLE, UNREACHABLE, 0);
    drain();
    return result();
  }
  // First the user roots (globals), then everything reachable from the system roots.
  reached[root >>> 3] |= 1 << (root & 7);
  if (whole) distance[root] = 0;
  for (let e = firstEdge[root]; e < firstEdge[root + 1]; e++) {
    const to = edgeTo[e];
    if (edgeType[e] === shortcut && !isReached(to) && !isEngine(to)) reach(to, root, e, 1);
  }
  drain();
  if (done()) return result();
  scan(root, SYSTEM_DISTANCE);
  drain();
  if (done()) return result();
  // Then what only the engine's objects reach: the root's own edges into them first, then
  // those put aside, in the order met (as if every reached node were scanned once more).
  enterEngine = true;
  for (let e = firstEdge[root]; e < firstEdge[root + 1]; e++) {
    const to = edgeTo[e];
    const type = edgeType[e];
    if (type === weak || to === root || !isEngine(to) || isReached(to)) continue;
    if (type === internal && weakMapTable !== null && weakMapTable.get(edgeNameOrIndex[e]) === nodeId[root]) continue;
    reach(to, root, e, SYSTEM_DISTANCE);
  }
  for (let i = 0; i < asideCount; i += 2) {
    const to = aside[i];
    const from = aside[i + 1];
    if (!isReached(to)) reach(to, from, parentEdge[to], whole ? distance[from] + 1 : 0);
  }
  drain();
  return result();
}

/** One bit per node of the engine's own types (code, object shapes), which paths avoid while they can. */
function engineBits(snap: HeapSnapshot): Uint8Array {
  const bits = new Uint8Array((snap.nodeCount >>> 3) + 1);
  const { code } = snap.T;
  const shape = snap.T['object shape'];
  const { nodeType } = snap;
  for (let node = 0; node < snap.nodeCount; node++) {
    const type = nodeType[node];
    if (type === code || type === shape) bits[node >>> 3] |= 1 << (node & 7);
  }
  return bits;
}

/**
 * A stopped search's parentNode, along the paths of the targets it reached: each node's
 * parent is the owner of the edge it was reached through (a binary search of firstEdge), up
 * to a seed (no parent edge) or `root`.
 */
function linkParents(snap: HeapSnapshot, tree: RetainerTree, targets: readonly number[], root: number): void {
  const { parentEdge, parentNode, distance } = tree;
  for (const target of targets) {
    if (target >= snap.nodeCount || distance[target] === UNREACHABLE) continue;
    for (let at = target, guard = 0; at !== root && guard <= snap.nodeCount; guard++) {
      if (parentEdge[at] === UNREACHABLE) {
        parentNode[at] = UNREACHABLE;
        break;
      }
      at = parentNode[at] = edgeOwner(snap.firstEdge, parentEdge[at]);
    }
  }
}

/** The node whose edges include edge `e`: the last node whose first edge is at or before it. */
function edgeOwner(firstEdge: Uint32Array, e: number): number {
  let lo = 0;
  let hi = firstEdge.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (firstEdge[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface PathStep {
  /** The edge from the previous step's node; absent on the first step. */
  edge?: { type: string; name: string };
  node: { id: number; type: string; name: string; className: string };
  /** For a Context: the scope it is, in the program's terms (see scopes.ts). */
  scope?: Scope;
  /** A folded chain: this step stands for `repeat` alike steps in a row (see foldChains). */
  repeat?: number;
}

/** A scope as the program names it: a module's top level, or a function's locals. */
export type Scope = { kind: 'module'; file: string } | { kind: 'function'; name: string };

/** The shortest retainer path of a node, from the first node below the synthetic root. */
export function retainerPath(snap: HeapSnapshot, tree: RetainerTree, node: number): PathStep[] {
  if (tree.distance[node] === UNREACHABLE) return [];
  const nodes: number[] = [];
  const edges: number[] = [];
  for (let at = node; at !== snap.rootOrdinal; at = tree.parentNode[at]) {
    nodes.push(at);
    edges.push(tree.parentEdge[at]);
    if (nodes.length > snap.nodeCount) break; // cannot happen in a BFS tree; guards a corrupt one
  }
  nodes.reverse();
  edges.reverse();
  // Node 26's V8 roots the page at the realm's NativeContext, one internal edge above the
  // global object that older versions root it at: start there, as the program sees it.
  if (nodes.length > 1 && isNativeContextName(snap.name(nodes[0])) && snap.edgeName(edges[1]) === 'global_object') {
    nodes.shift();
    edges.shift();
  }
  return nodes.map((at, i) => ({
    ...(i > 0 ? { edge: { type: snap.edgeTypeName(edges[i]), name: snap.edgeName(edges[i]) } } : {}),
    node: { id: snap.id(at), type: snap.typeName(at), name: nodeLabel(snap, at), className: snap.className(at) },
  }));
}

/**
 * The path of a node through the program's own scopes when there is one: from the root to the
 * nearest of `programTree`'s seeds (a module of the program), then from there to the node.
 * A Writable held both by the module variable `sink` and by Node's timer list is then shown
 * held by `sink`, the way the program names it. Otherwise the shortest path.
 */
export function programPath(snap: HeapSnapshot, tree: RetainerTree, programTree: RetainerTree | null, node: number): PathStep[] {
  const tail = programTree ? programTail(snap, programTree, node) : null;
  return tail ? joinTail(snap, tree, tail) : retainerPath(snap, tree, node);
}

/** A node's path from the program's module that reaches it: the module, then the edges down. */
interface ProgramTail {
  node: number;
  module: number;
  /** The nodes below the module, down to `node`, and the edge into each. */
  nodes: number[];
  edges: number[];
}

function programTail(snap: HeapSnapshot, programTree: RetainerTree, node: number): ProgramTail | null {
  if (programTree.distance[node] === UNREACHABLE) return null;
  const nodes: number[] = [];
  const edges: number[] = [];
  let at = node;
  for (let guard = 0; programTree.parentNode[at] !== UNREACHABLE && guard <= snap.nodeCount; guard++) {
    nodes.push(at);
    edges.push(programTree.parentEdge[at]);
    at = programTree.parentNode[at];
  }
  return { node, module: at, nodes: nodes.reverse(), edges: edges.reverse() };
}

/** The root's path to the tail's module, then the tail; the node's own path when the root does not reach the module. */
function joinTail(snap: HeapSnapshot, tree: RetainerTree, tail: ProgramTail): PathStep[] {
  const head = retainerPath(snap, tree, tail.module);
  if (!head.length) return retainerPath(snap, tree, tail.node);
  return [
    ...head,
    ...tail.nodes.map((n, i) => ({
      edge: { type: snap.edgeTypeName(tail.edges[i]), name: snap.edgeName(tail.edges[i]) },
      node: { id: snap.id(n), type: snap.typeName(n), name: nodeLabel(snap, n), className: snap.className(n) },
    })),
  ];
}

/** A short human name for a node on a path. */
export function nodeLabel(snap: HeapSnapshot, node: number): string {
  const type = snap.typeName(node);
  const name = snap.name(node);
  switch (type) {
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      // V8 names cons and sliced strings after their type, not their contents.
      if (name === `(${type})`) return name;
      return `(${type}) ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}`;
    case 'closure':
      return `${name || '(anonymous)'}()`;
    case 'object':
      // Node 26's V8 tells the global object from its proxy in the name: `global (global*)`.
      return GLOBAL_OBJECT.test(name) ? 'global' : name;
    case 'native':
    case 'hidden':
    case 'synthetic':
      return name;
    default:
      return name ? `(${type}) ${name}` : `(${type})`;
  }
}

/**
 * One line: `global -> .fixture -> Object -> .holder -> PlantedHolder -> ...`, each edge
 * written as code would reach it (`.name`, `[3]`, `{context var}`, `<internal>`), a folded
 * chain as `._idlePrev ×198`.
 */
export function formatPath(steps: readonly PathStep[]): string {
  return steps
    .map((step) => (step.edge ? `${formatEdge(step.edge, step.repeat)} -> ${step.node.name}` : step.node.name))
    .join(' -> ');
}

export function formatEdge(edge: { type: string; name: string }, repeat?: number): string {
  const times = repeat && repeat > 1 ? ` ×${repeat}` : '';
  switch (edge.type) {
    case 'element':
      return `[${edge.name}]${times}`;
    case 'context':
      return `{${edge.name}}${times}`;
    case 'property':
      return `.${edge.name}${times}`;
    default:
      return `<${edge.name}>${times}`;
  }
}

/** Steps alike in a chain: the same kind of edge (indices ignored) into the same class. */
function chainKey(step: PathStep): string {
  const edge = step.edge;
  if (!edge) return '';
  const name = edge.type === 'element' || edge.type === 'hidden' || /^\d+$/.test(edge.name) ? '#' : edge.name;
  return `${edge.type}|${name}|${step.node.className}`;
}

/**
 * Folds runs of `minRun` or more alike steps (a linked list: `Timeout ._idlePrev`, promise
 * reactions, a chain of Contexts) into the last step of the run, with `repeat` saying how
 * many it stands for. Two-step cycles (`A .next B .value A ...`) fold as well.
 */
export function foldChains(steps: readonly PathStep[], minRun = 3): PathStep[] {
  const out: PathStep[] = [];
  let i = 0;
  while (i < steps.length) {
    const key = chainKey(steps[i]);
    let j = i + 1;
    if (key) while (j < steps.length && chainKey(steps[j]) === key) j++;
    if (j - i >= minRun) {
      out.push({ ...steps[j - 1], repeat: (steps[i].repeat ?? 1) * (j - i) });
      i = j;
      continue;
    }
    // A two-step period: A B A B A B ... (a list node and its wrapper).
    if (key && i + 1 < steps.length) {
      const key2 = chainKey(steps[i + 1]);
      let k = i + 2;
      while (k + 1 < steps.length && chainKey(steps[k]) === key && chainKey(steps[k + 1]) === key2) k += 2;
      const pairs = (k - i) / 2;
      if (pairs >= minRun && key2 !== key) {
        out.push({ ...steps[k - 2], repeat: pairs }, { ...steps[k - 1], repeat: pairs });
        i = k;
        continue;
      }
    }
    out.push(steps[i]);
    i++;
  }
  return out;
}

/**
 * Where the program itself starts on a path: the last step a developer names in their own
 * code. A module's top-level scope (`buggy.ts (module)`); failing that, a function's scope
 * reached from its closure (`handler()`); failing those, the first step (`global`), or on a
 * path from the engine's roots the first real object below them (`AsyncContextFrame`, held
 * by the stack roots), never `(GC roots)` itself. -1 when the path is empty.
 */
export function anchorIndex(steps: readonly PathStep[]): number {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i].scope?.kind === 'module') return i;
  for (let i = steps.length - 1; i > 0; i--) if (isClosureScope(steps, i)) return i - 1;
  if (!steps.length) return -1;
  const firstObject = steps.findIndex((step) => step.node.type !== 'synthetic');
  return firstObject > 0 ? firstObject : 0;
}

/** Step i is a function's scope entered from its closure (closure <context> Context). */
export function isClosureScope(steps: readonly PathStep[], i: number): boolean {
  return steps[i].scope?.kind === 'function' && steps[i - 1]?.node.type === 'closure' && steps[i].edge?.name === 'context';
}

/** The anchor as the program names it. */
export function anchorName(steps: readonly PathStep[], at: number): string {
  const step = steps[at];
  if (step.scope?.kind === 'module') return `${shortFile(step.scope.file)} (module)`;
  if (step.node.type === 'closure') return step.node.name.endsWith('()') ? step.node.name : `${step.node.name || '(anonymous)'}()`;
  if (step.node.name === 'global' || step.node.name.startsWith('global /') || step.node.name === 'Window') return 'globalThis';
  return step.node.name;
}

/** A path step's node as the views show it: a module's scope with its file. */
export function stepLabel(step: PathStep): string {
  return step.scope?.kind === 'module' ? `${step.node.name} (${shortFile(step.scope.file)}, module scope)` : step.node.name;
}

/** `/x/y/buggy.ts` and `file:///x/y/buggy.ts` -> `buggy.ts`; Node's own modules keep their `node:` name. */
export function shortFile(file: string): string {
  if (file.startsWith('node:')) return file;
  const clean = file.replace(/^file:\/\//, '').replace(/[?#].*$/, '');
  return clean.slice(clean.lastIndexOf('/') + 1) || clean;
}

const IDENTIFIER = /^#?[A-Za-z_$][\w$]*$/;

/**
 * The holder as the program names it, in one line: the anchor, then the variable and the
 * property chain that lead to the last step (`buggy.ts (module) → config._events.reload[50]`,
 * `handler() → order`, `globalThis.cache`). The engine's internal links (backing stores, hash
 * tables) are left out; folded chains read `._idlePrev ×198`. Heap strings stay raw: renderers
 * escape them. With `collectionId`, the node on the path that holds a whole group of objects
 * (heap/groups.ts), the first key below it and every index read `[…]`.
 */
export function holderText(path: readonly PathStep[], collectionId?: number): string {
  const steps = foldChains(path);
  const at = anchorIndex(steps);
  if (at < 0) return '';
  // Below the collection that holds a group of objects, the key or index that leads to this
  // one object says nothing of the others: `store.sessions[…]`, not `store.sessions["k93"]`.
  const collection = collectionId === undefined ? -1 : steps.findIndex((s) => s.node.id === collectionId);
  let keyed = collection < at;
  // Below the engine's roots, the kind of root says who holds it: `(Stack roots) → AsyncContextFrame`.
  const programAnchor = steps[at].scope?.kind === 'module' || steps[at].node.type === 'closure';
  const root = !programAnchor && at > 0 && steps[at - 1].node.type === 'synthetic' && steps[at - 1].node.name !== '(GC roots)' ? `${steps[at - 1].node.name} → ` : '';
  let text = root + anchorName(steps, at);
  for (let i = at + 1; i < steps.length; i++) {
    const edge = steps[i].edge;
    if (!edge) continue;
    const times = steps[i].repeat && steps[i].repeat! > 1 ? ` ×${steps[i].repeat}` : '';
    // Below the collection, an index is always one entry's (`_events[…][…]`); a property
    // name only the first time (the key), then the entry's own fields (`.listener`).
    if (i > collection && collection >= at && !times && (edge.type === 'element' || (!keyed && edge.type === 'property'))) {
      text += '[…]';
      keyed = true;
      continue;
    }
    if (isClosureScope(steps, i)) {
      // A closure's own scope: `→ handler()`, then its variables.
      if (i - 1 > at) text += ` → ${anchorName(steps, i - 1)}`;
      continue;
    }
    switch (edge.type) {
      case 'context':
        text += ` → ${edge.name}${times}`;
        break;
      case 'property':
      case 'shortcut': {
        const symbol = /^<symbol (.*)>$/.exec(edge.name);
        if (symbol) text += `[Symbol(${symbol[1]})]${times}`;
        else text += IDENTIFIER.test(edge.name) ? `.${edge.name}${times}` : `[${JSON.stringify(edge.name)}]${times}`;
        break;
      }
      case 'element':
        text += `[${edge.name}]${times}`;
        break;
      default:
        // Backing stores, tables, a closure's context: how the engine holds it, not the program.
        if (times) text += ` <${edge.name}>${times}`;
    }
  }
  return text;
}

/**
 * A long path shortened for a terminal: chains folded, and the steps between the first one
 * and the anchor (the module or closure scope a developer recognizes, usually reached through
 * Node's module loader) folded; still longer, the middle gives way. `skipped` counts the
 * steps folded after the first; `cut` those dropped from the middle.
 */
export function abridgePath(path: readonly PathStep[], maxLines = 12): { steps: readonly PathStep[]; skipped: number; cut: number } {
  const steps = foldChains(path);
  const at = anchorIndex(steps);
  let shown: PathStep[] = steps;
  let skipped = 0;
  if (at > 1) {
    shown = [steps[0], ...steps.slice(at)];
    skipped = at - 1;
  }
  let cut = 0;
  if (shown.length > maxLines) {
    cut = shown.length - maxLines;
    const keepHead = Math.ceil(maxLines / 2);
    shown = [...shown.slice(0, keepHead), ...shown.slice(keepHead + cut)];
  }
  return { steps: shown, skipped, cut };
}
