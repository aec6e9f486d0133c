// The heap-snapshot analyzer's one entry point: code outside heap/ imports from here only.
//
// A core: reading (load/), the snapshot's columns (snapshot), and HeapAnalysis, the one owner
// of everything derived from them (classes, dominators, retainers, scopes, backing-store
// owners, engine types). Analyses on top, each a function of a HeapAnalysis: summaries by
// class, diffs and survivors, paths and holders, the wrapper descent, allocation sites.

export { CONTEXT, HeapSnapshot, HeapSnapshotError, NATIVE_CONTEXT, type AllocationFrame } from './snapshot.ts';
export { readHeapSnapshot, parseHeapSnapshot } from './load/read.ts';
export { SnapshotParser } from './load/loader.ts';
export { HeapAnalysis, ENGINE_TYPES } from './analysis.ts';
export { classKey, countByClass, type ClassIndex } from './classes.ts';
export { computeDominators, EssentialEdges, type Dominators, type DominatorOptions, type DominatorTree } from './dominators.ts';
export {
  computeRetainerTree,
  retainerPath,
  retainerPathTo,
  programPathsTo,
  programPath,
  formatPath,
  formatEdge,
  foldChains,
  anchorIndex,
  isClosureScope,
  holderText,
  stepLabel,
  nodeLabel,
  abridgePath,
  UNREACHABLE,
  SYSTEM_DISTANCE,
  type PathStep,
  type RetainerTree,
  type Scope,
} from './paths.ts';
export { isProgramScript, ScopeNames } from './scopes.ts';
export { summarizeClasses, forEachTopmost, topRetainers, objectStats, totalSelfSize, type ClassStats, type ObjectStats } from './summary.ts';
export { diffByClass, newSince, survivorMask, survivors, type ClassDiff, type Survivors } from './diff.ts';
export { overview, threeWayDiff, type SnapshotOverview, type ThreeWayDiff, type SurvivorClass } from './overview.ts';
export { descendWrappers, WRAPPER_SHARE, MAX_WRAPPER_DEPTH, type Descent, type DescentOptions } from './descend.ts';
export { heapHolders, type Holder, type HolderOptions } from './holders.ts';
export { allocationSites, allocationStack, hasAllocationStacks, formatFrame, type AllocationSite } from './alloc.ts';
export { largestGroup, GROUP_SHARE, type HolderGroup } from './groups.ts';
