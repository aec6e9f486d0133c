// The heap-snapshot analyzer: a core (parse, model, dominators, paths) and analyses on top.

export { HeapSnapshot, HeapSnapshotError, type AllocationFrame } from './snapshot.ts';
export { readHeapSnapshot, parseHeapSnapshot, SnapshotParser } from './parse.ts';
export { computeDominators, EssentialEdges, type Dominators, type DominatorOptions } from './dominators.ts';
export {
  computeRetainerTree,
  retainerPath,
  formatPath,
  formatEdge,
  nodeLabel,
  abridgePath,
  UNREACHABLE,
  type PathStep,
  type RetainerTree,
} from './paths.ts';
export { summarizeClasses, topRetainers, objectStats, totalSelfSize, type ClassStats, type ObjectStats } from './summary.ts';
export { diffByClass, newSince, survivors, type ClassDiff, type Survivors } from './diff.ts';
export { allocationSites, allocationStack, hasAllocationStacks, formatFrame, type AllocationSite } from './alloc.ts';

import type { HeapSnapshot } from './snapshot.ts';
import { computeDominators, type Dominators } from './dominators.ts';
import { computeRetainerTree, type RetainerTree } from './paths.ts';

/** A snapshot with its dominators and retainer tree, each computed on first use. */
export class Analysis {
  private dominatorsCache: Dominators | null = null;
  private retainersCache: RetainerTree | null = null;
  constructor(readonly snapshot: HeapSnapshot) {}

  get dominators(): Dominators {
    return (this.dominatorsCache ??= computeDominators(this.snapshot));
  }

  get retainers(): RetainerTree {
    return (this.retainersCache ??= computeRetainerTree(this.snapshot));
  }
}
