// The `snapshot` header: its types, and the checks that make it usable (meta, counts, plain
// type names, field offsets looked up by name). Field positions and type names differ by V8
// version, so everything the loader and the builder know about the layout comes from here.

import { HeapSnapshotError } from '../snapshot.ts';

export interface Meta {
  node_fields: string[];
  node_types: [string[], ...unknown[]];
  edge_fields: string[];
  edge_types: [string[], ...unknown[]];
  trace_function_info_fields?: string[];
  trace_node_fields?: string[];
  location_fields?: string[];
}

export interface Header {
  meta: Meta;
  node_count: number;
  edge_count: number;
  extra_native_bytes?: number;
}

/** Offsets of the node fields we read within a `nodes` record; -1 for an optional one absent. */
export interface NodeFields {
  type: number;
  name: number;
  id: number;
  self_size: number;
  edge_count: number;
  trace_node_id: number;
  detachedness: number;
}

/** Offsets of the edge fields we read within an `edges` record. */
export interface EdgeFields {
  type: number;
  name_or_index: number;
  to_node: number;
}

export interface ValidHeader {
  header: Header;
  nodeFields: NodeFields;
  edgeFields: EdgeFields;
}

/** Checks the parsed `snapshot` value and finds the field offsets; throws HeapSnapshotError when unusable. */
export function validateHeader(value: unknown): ValidHeader {
  const header = value as Partial<Header> | null;
  const meta = header?.meta;
  if (
    !meta ||
    !Array.isArray(meta.node_fields) ||
    !Array.isArray(meta.edge_fields) ||
    !Array.isArray(meta.node_types?.[0]) ||
    !Array.isArray(meta.edge_types?.[0])
  ) {
    fail('the "snapshot" header has no usable "meta": this is not a V8 heap snapshot');
  }
  if (!Number.isSafeInteger(header.node_count) || !Number.isSafeInteger(header.edge_count)) {
    fail('the "snapshot" header lacks node_count or edge_count');
  }
  // Type names reach terminals and reports as they are: plain words, or not a snapshot of V8's.
  const types = [...meta.node_types[0], ...meta.edge_types[0]];
  if (types.length > 256 || types.some((t) => typeof t !== 'string' || t.length > 64 || /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(t))) {
    fail('the "meta" node or edge type names are not plain names: this is not a V8 heap snapshot');
  }
  const nodeFields: NodeFields = { type: 0, name: 0, id: 0, self_size: 0, edge_count: 0, trace_node_id: -1, detachedness: -1 };
  const edgeFields: EdgeFields = { type: 0, name_or_index: 0, to_node: 0 };
  for (const field of Object.keys(nodeFields) as (keyof NodeFields)[]) {
    nodeFields[field] = meta.node_fields.indexOf(field);
    const optional = field === 'trace_node_id' || field === 'detachedness';
    if (nodeFields[field] < 0 && !optional) fail(`the snapshot's node_fields lack "${field}"`);
  }
  for (const field of Object.keys(edgeFields) as (keyof EdgeFields)[]) {
    edgeFields[field] = meta.edge_fields.indexOf(field);
    if (edgeFields[field] < 0) fail(`the snapshot's edge_fields lack "${field}"`);
  }
  return { header: header as Header, nodeFields, edgeFields };
}

function fail(message: string): never {
  throw new HeapSnapshotError(message);
}
