// Builds small heap snapshots in V8's real JSON format, for graphs whose answers we know.

export interface TinyNode {
  name: string;
  type?: string; // default 'object'
  size?: number; // default 10
  id?: number; // default 2 * ordinal + 1, like V8's odd ids
  traceNodeId?: number;
}

export interface TinyEdge {
  from: number;
  to: number;
  type?: string; // default 'property'
  name?: string | number; // default 'p<to>'
}

const NODE_TYPES = [
  'hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native',
  'synthetic', 'concatenated string', 'sliced string', 'symbol', 'bigint', 'object shape',
];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

export interface TinyOptions {
  /** Extra top-level sections, written before "strings" (e.g. trace_tree). */
  extra?: Record<string, unknown>;
  withTraceNodeId?: boolean;
}

/** Node 0 must be the synthetic root. */
export function tinySnapshot(nodes: TinyNode[], edges: TinyEdge[], options: TinyOptions = {}): string {
  const strings: string[] = [''];
  const stringIndex = new Map<string, number>([['', 0]]);
  const str = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const nodeFields = ['type', 'name', 'id', 'self_size', 'edge_count'];
  if (options.withTraceNodeId) nodeFields.push('trace_node_id');
  nodeFields.push('detachedness');
  const width = nodeFields.length;
  const byFrom = nodes.map(() => [] as TinyEdge[]);
  for (const e of edges) byFrom[e.from].push(e);
  const nodeValues: number[] = [];
  nodes.forEach((n, i) => {
    const row = [
      NODE_TYPES.indexOf(n.type ?? 'object'),
      str(n.name),
      n.id ?? 2 * i + 1,
      n.size ?? 10,
      byFrom[i].length,
    ];
    if (options.withTraceNodeId) row.push(n.traceNodeId ?? 0);
    row.push(0);
    if (row[0] < 0) throw new Error(`unknown node type ${n.type}`);
    nodeValues.push(...row);
  });
  const edgeValues: number[] = [];
  byFrom.flat().forEach((e) => {
    const type = e.type ?? 'property';
    const name = e.name ?? `p${e.to}`;
    const nameOrIndex = type === 'element' || type === 'hidden' ? Number(name) : str(String(name));
    edgeValues.push(EDGE_TYPES.indexOf(type), nameOrIndex, e.to * width);
  });
  const extra = options.extra ?? {};
  for (const value of Object.values(extra)) collectStrings(value, str);
  const header = {
    meta: {
      node_fields: nodeFields,
      node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
      edge_fields: ['type', 'name_or_index', 'to_node'],
      edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
      trace_function_info_fields: ['function_id', 'name', 'script_name', 'script_id', 'line', 'column'],
      trace_node_fields: ['id', 'function_info_index', 'count', 'size', 'children'],
      location_fields: ['object_index', 'script_id', 'line', 'column'],
    },
    node_count: nodes.length,
    edge_count: edgeValues.length / 3,
  };
  const parts = [
    `{"snapshot":${JSON.stringify(header)}`,
    `"nodes":[${nodeValues.join(',')}]`,
    `"edges":[${edgeValues.join(',')}]`,
    ...Object.entries(extra).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(resolveStrings(v, str))}`),
    `"strings":${JSON.stringify(strings)}}`,
  ];
  return parts.join(',\n');
}

/** Marker for a string-table reference inside `extra` sections. */
export class Str {
  constructor(readonly value: string) {}
}

function collectStrings(value: unknown, str: (s: string) => number): void {
  if (value instanceof Str) str(value.value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, str));
}

function resolveStrings(value: unknown, str: (s: string) => number): unknown {
  if (value instanceof Str) return str(value.value);
  if (Array.isArray(value)) return value.map((v) => resolveStrings(v, str));
  return value;
}
