// Allocation sites. A snapshot taken while allocation tracking was on gives each object a
// trace node id, the leaf of a call tree of the functions that allocated it. A frame names a
// function and where that function is defined: V8 records functions, not the exact line.

import type { AllocationFrame, HeapSnapshot } from './snapshot.ts';
import type { StringTable } from './strings.ts';

/** Frames kept per allocation stack: enough to find the program's own frame, linear memory however deep the tree. */
const MAX_STACK_FRAMES = 32;

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

/**
 * Resolves every node of the allocation trace tree to its stack of frames, at load time:
 * `fields` are the meta's trace field names, `infos` the `trace_function_infos` numbers,
 * `tree` the `trace_tree` value as JSON.parse gave it. Empty unless all are present.
 */
export function buildTraceStacks(
  fields: { trace_function_info_fields?: string[]; trace_node_fields?: string[] },
  infos: Float64Array | undefined,
  tree: unknown,
  strings: StringTable,
): Map<number, AllocationFrame[]> {
  const stacks = new Map<number, AllocationFrame[]>();
  const infoFields = fields.trace_function_info_fields;
  const treeFields = fields.trace_node_fields;
  if (!infos || infos.length === 0 || !Array.isArray(tree) || !infoFields || !treeFields) return stacks;
  const infoWidth = infoFields.length;
  const at = (name: string): number => infoFields.indexOf(name);
  const [fName, fScript, fLine, fColumn] = [at('name'), at('script_name'), at('line'), at('column')];
  const frameOf = (infoIndex: number): AllocationFrame => {
    const base = infoIndex * infoWidth;
    const line = infos[base + fLine];
    const column = infos[base + fColumn];
    return {
      functionName: strings.get(infos[base + fName]) || '(anonymous)',
      scriptName: strings.get(infos[base + fScript]) ?? '',
      // V8 writes these 1-based, with 0 for unknown (unlike `locations`, which are 0-based).
      line: line > 0 ? line : 0,
      column: column > 0 ? column : 0,
    };
  };
  const width = treeFields.length;
  const idField = treeFields.indexOf('id');
  const infoField = treeFields.indexOf('function_info_index');
  const childrenField = treeFields.indexOf('children');
  // Depth-first with an explicit stack: trees can be deeper than the call stack allows.
  const work: { nodes: unknown[]; parent: AllocationFrame[] }[] = [{ nodes: tree, parent: [] }];
  while (work.length) {
    const { nodes, parent } = work.pop()!;
    for (let i = 0; i + width <= nodes.length; i += width) {
      const id = nodes[i + idField] as number;
      const frames = [frameOf(nodes[i + infoField] as number), ...parent.slice(0, MAX_STACK_FRAMES - 1)];
      stacks.set(id, frames);
      const children = nodes[i + childrenField];
      if (Array.isArray(children) && children.length) work.push({ nodes: children, parent: frames });
    }
  }
  return stacks;
}
