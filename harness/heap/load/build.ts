// Columns -> HeapSnapshot: the checks that need every section read (string references), the
// shallow sizes DevTools shows and the allocation stacks. Separate from the loader, as in
// DevTools, so that the byte-level state machine holds no model-building.

import { buildTraceStacks } from '../alloc.ts';
import { HeapSnapshot, HeapSnapshotError, type SizeColumn, type SnapshotColumns } from '../snapshot.ts';
import type { StringTable } from '../strings.ts';
import { devtoolsShallowSizes } from '../shallow.ts';
import type { Header } from './meta.ts';

/** What the loader hands over once the document is complete. */
export interface LoadedColumns extends Omit<SnapshotColumns, 'traceStacks' | 'extraNativeBytes' | 'nodeRawSelfSize'> {
  header: Header;
  strings: StringTable;
  /** The small numeric sections (trace_function_infos, samples), whole. */
  numberSections: Map<string, Float64Array>;
  /** The raw sections kept (trace_tree), as JSON.parse gave them. */
  rawSections: Map<string, unknown>;
}

export function buildSnapshot(loaded: LoadedColumns): HeapSnapshot {
  const { header, strings, nodeName, edgeType, edgeNameOrIndex } = loaded;
  const { node_count: nodeCount, edge_count: edgeCount } = header;
  const stringCount = strings.size;
  for (let i = 0; i < nodeCount; i++) {
    if (nodeName[i] >= stringCount) fail(`node ${i} names string ${nodeName[i]}, but there are ${stringCount}`);
  }
  const element = loaded.edgeTypes.indexOf('element');
  const hidden = loaded.edgeTypes.indexOf('hidden');
  for (let e = 0; e < edgeCount; e++) {
    const t = edgeType[e];
    if (t !== element && t !== hidden && edgeNameOrIndex[e] >= stringCount) {
      fail(`edge ${e} names string ${edgeNameOrIndex[e]}, but there are ${stringCount}`);
    }
  }
  return new HeapSnapshot({
    nodeTypes: loaded.nodeTypes,
    edgeTypes: loaded.edgeTypes,
    strings,
    nodeType: loaded.nodeType,
    nodeName,
    nodeId: loaded.nodeId,
    nodeSelfSize: shallowSizes(loaded, strings) ?? loaded.nodeSelfSize,
    nodeRawSelfSize: loaded.nodeSelfSize,
    firstEdge: loaded.firstEdge,
    nodeTraceId: loaded.nodeTraceId,
    nodeDetachedness: loaded.nodeDetachedness,
    edgeType,
    edgeNameOrIndex,
    edgeTo: loaded.edgeTo,
    traceStacks: buildTraceStacks(header.meta, loaded.numberSections.get('trace_function_infos'), loaded.rawSections.get('trace_tree'), strings),
    extraNativeBytes: header.extra_native_bytes ?? 0,
  });
}

/** DevTools' shallow sizes (shallow.ts); null when they are V8's raw ones. */
function shallowSizes(loaded: LoadedColumns, strings: StringTable): SizeColumn | null {
  const code = (name: string): number => loaded.nodeTypes.indexOf(name);
  return devtoolsShallowSizes(
    {
      nodeCount: loaded.nodeType.length,
      nodeType: loaded.nodeType,
      nodeName: loaded.nodeName,
      firstEdge: loaded.firstEdge,
      edgeType: loaded.edgeType,
      edgeTo: loaded.edgeTo,
      types: { hidden: code('hidden'), array: code('array'), native: code('native'), synthetic: code('synthetic') },
      weakEdge: loaded.edgeTypes.indexOf('weak'),
      externalStringData: new Set(strings.findEqual('system / ExternalStringData')),
      documentTrees: new Set(strings.findEqual('(Document DOM trees)')),
      rootOrdinal: 0,
    },
    loaded.nodeSelfSize,
  );
}

function fail(message: string): never {
  throw new HeapSnapshotError(message);
}
