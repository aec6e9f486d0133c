// One snapshot and everything derived from it. Like DevTools' HeapSnapshot.initialize(), each
// derived index has one named builder, here and nowhere else; unlike it, each is built on
// first use and kept, since `npm run diff` needs no dominators of its middle snapshot and
// `npm run analyze` no backing-store owners.

import { buildClassIndex, type ClassIndex } from './classes.ts';
import { backingStoreNames, computeDominators, type Dominators, type DominatorTree } from './dominators.ts';
import { computeRetainerTree, type RetainerTree } from './paths.ts';
import { isProgramScript, ScopeNames } from './scopes.ts';
import { SpareArrays } from './spares.ts';
import type { HeapSnapshot } from './snapshot.ts';

/**
 * Node types that are the engine's own and not the program's memory: compiled code and
 * feedback (which grow while V8 tiers functions up, for thousands of iterations) and object
 * shapes. Growth figures leave them out; the synthetic roots have no size.
 */
export const ENGINE_TYPES: ReadonlySet<string> = new Set(['code', 'object shape', 'synthetic']);

export class HeapAnalysis {
  #classes: ClassIndex | null = null;
  #ordinals: Map<number, number> | null = null;
  #dominators: Dominators | null = null;
  #retainers: RetainerTree | null = null;
  #programRetainers: RetainerTree | null = null;
  #scopes: ScopeNames | null = null;
  #backingStoreOwners: Map<number, number> | null = null;
  #engineTypes: Uint8Array | null = null;
  /** Arrays the builders here are done with, for the next one (spares.ts). */
  readonly spares = new SpareArrays();

  constructor(readonly snapshot: HeapSnapshot) {}

  /** The class of every node, as a dense index (classes.ts). */
  get classes(): ClassIndex {
    return (this.#classes ??= buildClassIndex(this.snapshot));
  }

  /** The ordinal of the node with this snapshot id, or -1. */
  ordinalOfId(id: number): number {
    if (!this.#ordinals) {
      const snap = this.snapshot;
      this.#ordinals = new Map();
      for (let node = 0; node < snap.nodeCount; node++) this.#ordinals.set(snap.nodeId[node], node);
    }
    return this.#ordinals.get(id) ?? -1;
  }

  /** Immediate dominators and retained sizes, with DevTools' rules (dominators.ts). */
  get dominators(): Dominators {
    return (this.#dominators ??= computeDominators(this.snapshot, {}, this.spares));
  }

  /** The dominator tree as children lists: for walks down from an object. */
  get dominatorTree(): DominatorTree {
    return this.dominators.tree;
  }

  /** Shortest retainer paths from the GC roots (paths.ts). */
  get retainers(): RetainerTree {
    return (this.#retainers ??= computeRetainerTree(this.snapshot, undefined, this.spares));
  }

  /**
   * Shortest retainer paths from the program's own module scopes (paths.ts programPath): how
   * the program names what it holds. One search, shared by every path an analysis prints.
   */
  get programRetainers(): RetainerTree {
    return (this.#programRetainers ??= computeRetainerTree(this.snapshot, this.scopes.programModules(isProgramScript), this.spares));
  }

  /** Contexts named as the program's scopes (scopes.ts). */
  get scopes(): ScopeNames {
    return (this.#scopes ??= new ScopeNames(this.snapshot, (id) => this.ordinalOfId(id)));
  }

  /** Backing store -> the ArrayBuffer that owns it (through its `backing_store` edge). */
  get backingStoreOwners(): ReadonlyMap<number, number> {
    return (this.#backingStoreOwners ??= findBackingStoreOwners(this.snapshot));
  }

  /** 1 for each node type code in ENGINE_TYPES. */
  get engineTypes(): Uint8Array {
    return (this.#engineTypes ??= Uint8Array.from(this.snapshot.nodeTypes, (t) => (ENGINE_TYPES.has(t) ? 1 : 0)));
  }

  /** A node of the engine's own (ENGINE_TYPES), not of the program's memory. */
  isEngine(node: number): boolean {
    return this.engineTypes[this.snapshot.nodeType[node]] === 1;
  }
}

function findBackingStoreOwners(snap: HeapSnapshot): Map<number, number> {
  const owners = new Map<number, number>();
  const edgeNames = new Set(snap.strings.findEqual('backing_store'));
  const stores = backingStoreNames(snap);
  const { internal } = snap.E;
  for (let from = 0; from < snap.nodeCount; from++) {
    for (let e = snap.firstEdge[from]; e < snap.firstEdge[from + 1]; e++) {
      if (snap.edgeType[e] !== internal || !edgeNames.has(snap.edgeNameOrIndex[e])) continue;
      const to = snap.edgeTo[e];
      if (stores.has(snap.nodeName[to])) owners.set(to, from);
    }
  }
  return owners;
}
