// Distances from the GC roots and shortest retainer paths.
//
// A breadth-first search from the synthetic root that skips weak edges records, for every
// node, the edge it was first reached through; following those edges back gives the shortest
// retainer path. As in DevTools, the user's globals (the root's shortcut edges) are explored
// before the system roots, so that a path goes through `global` when one does, and the edges
// that only bookkeeping follows are skipped (a WeakMap table's edge to a value: the key holds it).

import type { HeapSnapshot } from './snapshot.ts';
import { EssentialEdges } from './dominators.ts';

export const UNREACHABLE = 0xffffffff;
/** Distances of nodes reached only through system roots start here, as in DevTools. */
export const SYSTEM_DISTANCE = 100_000_000;

export interface RetainerTree {
  /** Edge index through which each node was first reached; UNREACHABLE for the root and orphans. */
  parentEdge: Uint32Array;
  /** The node owning that edge. */
  parentNode: Uint32Array;
  distance: Uint32Array;
}

export function computeRetainerTree(snap: HeapSnapshot): RetainerTree {
  const essential = new EssentialEdges(snap, { ignorePageOwnership: true });
  const n = snap.nodeCount;
  const { firstEdge, edgeTo, edgeType } = snap;
  const root = snap.rootOrdinal;
  const parentEdge = new Uint32Array(n).fill(UNREACHABLE);
  const parentNode = new Uint32Array(n).fill(UNREACHABLE);
  const distance = new Uint32Array(n).fill(UNREACHABLE);
  const queue = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  distance[root] = 0;

  const visit = (from: number, e: number, d: number): void => {
    const to = edgeTo[e];
    if (distance[to] !== UNREACHABLE) return;
    distance[to] = d;
    parentEdge[to] = e;
    parentNode[to] = from;
    queue[tail++] = to;
  };
  const drain = (): void => {
    while (head < tail) {
      const node = queue[head++];
      const d = distance[node] + 1;
      for (let e = firstEdge[node], end = firstEdge[node + 1]; e < end; e++) {
        if (essential.retains(node, e)) visit(node, e, d);
      }
    }
  };

  // First the user roots (globals), then everything reachable from the system roots.
  const shortcut = snap.E.shortcut;
  for (let e = firstEdge[root]; e < firstEdge[root + 1]; e++) if (edgeType[e] === shortcut) visit(root, e, 1);
  drain();
  for (let e = firstEdge[root]; e < firstEdge[root + 1]; e++) if (essential.retains(root, e)) visit(root, e, SYSTEM_DISTANCE);
  drain();
  return { parentEdge, parentNode, distance };
}

export interface PathStep {
  /** The edge from the previous step's node; absent on the first step. */
  edge?: { type: string; name: string };
  node: { id: number; type: string; name: string; className: string };
}

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
  return nodes.map((at, i) => ({
    ...(i > 0 ? { edge: { type: snap.edgeTypeName(edges[i]), name: snap.edgeName(edges[i]) } } : {}),
    node: { id: snap.id(at), type: snap.typeName(at), name: nodeLabel(snap, at), className: snap.className(at) },
  }));
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
 * written as code would reach it (`.name`, `[3]`, `{context var}`, `<internal>`).
 */
export function formatPath(steps: readonly PathStep[]): string {
  return steps
    .map((step) => (step.edge ? `${formatEdge(step.edge)} -> ${step.node.name}` : step.node.name))
    .join(' -> ');
}

export function formatEdge(edge: { type: string; name: string }): string {
  switch (edge.type) {
    case 'element':
      return `[${edge.name}]`;
    case 'context':
      return `{${edge.name}}`;
    case 'property':
      return `.${edge.name}`;
    default:
      return `<${edge.name}>`;
  }
}

/**
 * A long path shortened for a terminal: from the last context variable (`{name}`, a variable
 * in some scope, which a developer recognizes in their code) on, after the first step.
 * Short paths, and paths with no such variable, are returned whole.
 */
export function abridgePath(steps: readonly PathStep[], longerThan = 8): { steps: readonly PathStep[]; skipped: number } {
  if (steps.length <= longerThan) return { steps, skipped: 0 };
  let anchor = -1;
  for (let i = steps.length - 1; i > 1; i--) {
    if (steps[i].edge?.type === 'context') {
      anchor = i - 1; // the Context holding the variable
      break;
    }
  }
  if (anchor <= 1) return { steps, skipped: 0 };
  return { steps: [steps[0], ...steps.slice(anchor)], skipped: anchor - 1 };
}
