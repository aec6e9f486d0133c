// Allocation sites. A snapshot taken while allocation tracking was on gives each object a
// trace node id, the leaf of a call tree of the functions that allocated it. A frame names a
// function and where that function is defined: V8 records functions, not the exact line.

import type { AllocationFrame, HeapSnapshot } from './snapshot.ts';

export interface AllocationSite {
  /** The frame the site is named after: the innermost one `isOwnFrame` accepts. */
  frame: AllocationFrame;
  /** Up to five frames of the stack, innermost first. */
  stack: AllocationFrame[];
  count: number;
  selfSize: number;
}

export function hasAllocationStacks(snap: HeapSnapshot): boolean {
  return snap.nodeTraceId !== null && snap.traceStacks.size > 0;
}

/** The stack that allocated a node, innermost frame first; empty when unknown. */
export function allocationStack(snap: HeapSnapshot, node: number): AllocationFrame[] {
  const traceId = snap.nodeTraceId?.[node] ?? 0;
  return traceId ? snap.traceStacks.get(traceId) ?? [] : [];
}

/**
 * Groups the nodes in `include` by allocation site, largest first. `isOwnFrame` picks the
 * frame that names a site (by default the innermost), so that a site can be the line in the
 * user's code rather than a runtime helper it called.
 */
export function allocationSites(
  snap: HeapSnapshot,
  include: Uint8Array,
  isOwnFrame: (frame: AllocationFrame) => boolean = () => true,
): AllocationSite[] {
  const sites = new Map<string, AllocationSite>();
  for (let node = 0; node < snap.nodeCount; node++) {
    if (!include[node]) continue;
    const stack = allocationStack(snap, node);
    if (stack.length === 0) continue;
    const frame = stack.find(isOwnFrame) ?? stack[0];
    const key = `${frame.functionName}\0${frame.scriptName}\0${frame.line}\0${frame.column}`;
    let site = sites.get(key);
    if (!site) {
      site = { frame, stack: stack.slice(0, 5), count: 0, selfSize: 0 };
      sites.set(key, site);
    }
    site.count++;
    site.selfSize += snap.nodeSelfSize[node];
  }
  return [...sites.values()].sort((a, b) => b.selfSize - a.selfSize || b.count - a.count);
}

export function formatFrame(frame: AllocationFrame): string {
  const where = frame.scriptName ? `${frame.scriptName}:${frame.line}:${frame.column}` : '(unknown)';
  return `${frame.functionName} ${where}`;
}
