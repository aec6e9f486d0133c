// The in-memory model of one V8 heap snapshot.
//
// Like Chrome DevTools' HeapSnapshot worker, the graph lives in flat typed arrays and is
// read through small accessors: a heap of millions of nodes never becomes millions of JS
// objects. Unlike DevTools, the arrays are columns (one per field) rather than rows, so
// each field has the narrowest type that holds it and node ordinals are used everywhere
// (an edge stores the ordinal of its target, not a field offset). Nothing derived is kept
// here: every index built from the columns has its one home in HeapAnalysis (analysis.ts).

import type { StringTable } from './strings.ts';

/** Thrown for anything that is not a readable heap snapshot; the message is one line. */
export class HeapSnapshotError extends Error {
  override name = 'HeapSnapshotError';
}

/** V8's names for a scope's captured variables (a Context) and for a realm's global scope. */
export const CONTEXT = 'system / Context';
export const NATIVE_CONTEXT = 'system / NativeContext';

/**
 * A realm's NativeContext. Node 26's V8, over the inspector protocol, names it with its page
 * after it (`system / NativeContext / `, the URL empty in Node); written by the process itself,
 * plainly `system / NativeContext`.
 */
export function isNativeContextName(name: string): boolean {
  return name === NATIVE_CONTEXT || name.startsWith(`${NATIVE_CONTEXT} / `);
}

/** The string-table indices of every NativeContext name in a snapshot. */
export function nativeContextNames(snap: HeapSnapshot): Set<number> {
  return new Set(snap.strings.findContaining(NATIVE_CONTEXT).filter((i) => isNativeContextName(snap.strings.get(i) ?? '')));
}

/**
 * Byte sizes, one per node: 32-bit while every size fits (4 bytes a node instead of 8), a
 * double column only for a snapshot with a node of 4 GiB or more.
 */
export type SizeColumn = Uint32Array | Float64Array;

export interface AllocationFrame {
  functionName: string;
  scriptName: string;
  line: number; // 1-based, 0 when unknown
  column: number; // 1-based, 0 when unknown
}

export interface SnapshotColumns {
  nodeTypes: readonly string[];
  edgeTypes: readonly string[];
  strings: StringTable;
  nodeType: Uint8Array;
  nodeName: Uint32Array;
  nodeId: Uint32Array;
  /** Shallow size as DevTools shows it: parts' bytes moved to their owner (shallow.ts). */
  nodeSelfSize: SizeColumn;
  /** V8's own self size, before any move: the same array when nothing moved. */
  nodeRawSelfSize: SizeColumn;
  /** firstEdge[i]..firstEdge[i+1] are node i's outgoing edges; length nodeCount + 1. */
  firstEdge: Uint32Array;
  nodeTraceId: Uint32Array | null;
  nodeDetachedness: Uint8Array | null;
  edgeType: Uint8Array;
  edgeNameOrIndex: Uint32Array;
  edgeTo: Uint32Array;
  /** trace node id -> allocation stack, innermost frame first; empty unless tracked. */
  traceStacks: Map<number, AllocationFrame[]>;
  extraNativeBytes: number;
}

export class HeapSnapshot implements SnapshotColumns {
  readonly nodeTypes: readonly string[];
  readonly edgeTypes: readonly string[];
  readonly strings: StringTable;
  readonly nodeType: Uint8Array;
  readonly nodeName: Uint32Array;
  readonly nodeId: Uint32Array;
  readonly nodeSelfSize: SizeColumn;
  readonly nodeRawSelfSize: SizeColumn;
  readonly firstEdge: Uint32Array;
  readonly nodeTraceId: Uint32Array | null;
  readonly nodeDetachedness: Uint8Array | null;
  readonly edgeType: Uint8Array;
  readonly edgeNameOrIndex: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly traceStacks: Map<number, AllocationFrame[]>;
  readonly extraNativeBytes: number;

  readonly nodeCount: number;
  readonly edgeCount: number;
  /** The synthetic root is node 0 in every V8 snapshot. */
  readonly rootOrdinal = 0;

  // Type codes looked up by name: the numbering differs between V8 versions.
  readonly T: Readonly<Record<NodeTypeName, number>>;
  readonly E: Readonly<Record<EdgeTypeName, number>>;

  constructor(columns: SnapshotColumns) {
    this.nodeTypes = columns.nodeTypes;
    this.edgeTypes = columns.edgeTypes;
    this.strings = columns.strings;
    this.nodeType = columns.nodeType;
    this.nodeName = columns.nodeName;
    this.nodeId = columns.nodeId;
    this.nodeSelfSize = columns.nodeSelfSize;
    this.nodeRawSelfSize = columns.nodeRawSelfSize;
    this.firstEdge = columns.firstEdge;
    this.nodeTraceId = columns.nodeTraceId;
    this.nodeDetachedness = columns.nodeDetachedness;
    this.edgeType = columns.edgeType;
    this.edgeNameOrIndex = columns.edgeNameOrIndex;
    this.edgeTo = columns.edgeTo;
    this.traceStacks = columns.traceStacks;
    this.extraNativeBytes = columns.extraNativeBytes;
    this.nodeCount = columns.nodeType.length;
    this.edgeCount = columns.edgeType.length;
    this.T = codes(NODE_TYPE_NAMES, columns.nodeTypes);
    this.E = codes(EDGE_TYPE_NAMES, columns.edgeTypes);
  }

  // --- nodes -------------------------------------------------------------------------

  typeName(node: number): string {
    return this.nodeTypes[this.nodeType[node]] ?? 'unknown';
  }

  name(node: number): string {
    return this.strings.get(this.nodeName[node]) ?? '';
  }

  id(node: number): number {
    return this.nodeId[node];
  }

  /** The shallow size DevTools shows: with the stores the node owns (shallow.ts). */
  selfSize(node: number): number {
    return this.nodeSelfSize[node];
  }

  /** V8's self size of the node alone, as written in the snapshot. */
  rawSelfSize(node: number): number {
    return this.nodeRawSelfSize[node];
  }

  // --- classes -----------------------------------------------------------------------

  /**
   * The class a node is grouped under, the way DevTools' summary view groups them: objects
   * and native nodes by their (constructor) name, the rest by their type. The dense class
   * index for grouping many nodes is derived data: HeapAnalysis.classes.
   */
  className(node: number): string {
    const type = this.nodeType[node];
    if (type === this.T.object || type === this.T.native) return this.name(node);
    return classNameOfType(this.nodeTypes[type] ?? 'unknown');
  }

  // --- edges -------------------------------------------------------------------------

  edgeTypeName(edge: number): string {
    return this.edgeTypes[this.edgeType[edge]] ?? 'unknown';
  }

  /** Element and hidden edges carry an index; the others a property or variable name. */
  edgeName(edge: number): string {
    const type = this.edgeType[edge];
    const value = this.edgeNameOrIndex[edge];
    if (type === this.E.element || type === this.E.hidden) return String(value);
    return this.strings.get(value) ?? String(value);
  }
}

const NODE_TYPE_NAMES = [
  'hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native',
  'synthetic', 'concatenated string', 'sliced string', 'symbol', 'bigint', 'object shape',
] as const;
const EDGE_TYPE_NAMES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'] as const;
type NodeTypeName = (typeof NODE_TYPE_NAMES)[number];
type EdgeTypeName = (typeof EDGE_TYPE_NAMES)[number];

/** Maps each known type name to its code in this snapshot; -1 when the snapshot lacks it. */
function codes<K extends string>(known: readonly K[], actual: readonly string[]): Record<K, number> {
  const result = {} as Record<K, number>;
  for (const name of known) result[name] = actual.indexOf(name);
  return result;
}

export function classNameOfType(type: string): string {
  switch (type) {
    case 'closure':
      return '(closure)';
    case 'code':
      return '(compiled code)';
    case 'hidden':
      return '(system)';
    default:
      return `(${type})`;
  }
}
