// Streaming reader for V8's .heapsnapshot JSON.
//
// The file is never held whole, and no section becomes one JS string: `nodes` and `edges`
// are tokenized byte by byte straight into typed columns, and `strings` is decoded one
// string at a time. This is what lets us read snapshots whose strings section is larger
// than V8's maximum string length (2^29 - 24 characters), where JSON.parse cannot.
// Field positions and type names come from `snapshot.meta`, which differs by V8 version.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { HeapSnapshot, HeapSnapshotError, type AllocationFrame } from './snapshot.ts';

interface Meta {
  node_fields: string[];
  node_types: [string[], ...unknown[]];
  edge_fields: string[];
  edge_types: [string[], ...unknown[]];
  trace_function_info_fields?: string[];
  trace_node_fields?: string[];
  location_fields?: string[];
}

interface Header {
  meta: Meta;
  node_count: number;
  edge_count: number;
  extra_native_bytes?: number;
}

const enum State {
  BeforeDocument,
  BeforeKey,
  InKey,
  BeforeColon,
  BeforeValue,
  Numbers,
  Strings,
  InString,
  Raw,
  Done,
}

const enum Byte {
  Quote = 0x22,
  Backslash = 0x5c,
  Comma = 0x2c,
  Colon = 0x3a,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  Minus = 0x2d,
  Zero = 0x30,
  Nine = 0x39,
}

const NUMBER_SECTIONS = new Set(['nodes', 'edges', 'locations', 'trace_function_infos', 'samples']);
/** Small sections we keep whole (parsed with JSON.parse); the rest are skipped. */
const RAW_SECTIONS_KEPT = new Set(['snapshot', 'trace_tree']);
/** A kept raw section larger than this is skipped instead: it is optional data. */
const RAW_LIMIT = 256 * 1024 * 1024;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Growable list of doubles for the small numeric sections. */
class NumberList {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * A push parser: feed it chunks with write(), then call end() for the snapshot.
 * Chunk boundaries may fall anywhere, including inside a number or a UTF-8 sequence.
 */
export class SnapshotParser {
  private state = State.BeforeDocument;
  private offset = 0; // bytes consumed before the current chunk, for error messages
  private key = '';
  private keyBytes: number[] = [];

  // Numbers section state.
  private section = '';
  private acc = 0;
  private digits = false;
  private negative = false;
  private afterComma = false;
  private values = 0;
  private row = new Float64Array(8);
  private rowWidth = 0;
  private field = 0;
  private rows = 0;
  private list: NumberList | null = null;

  // Strings and raw-value state.
  private pieces: Uint8Array[] = [];
  private escaped = false;
  private nonAscii = false;
  private hasEscape = false;
  private rawDepth = 0;
  private rawInString = false;
  private rawSize = 0;
  private rawKeep = false;

  // Results.
  private header: Header | null = null;
  private nodeTypes: string[] = [];
  private edgeTypes: string[] = [];
  private nodeFieldIndex = { type: -1, name: -1, id: -1, self_size: -1, edge_count: -1, trace_node_id: -1, detachedness: -1 };
  private edgeFieldIndex = { type: -1, name_or_index: -1, to_node: -1 };
  private nodeType!: Uint8Array;
  private nodeName!: Uint32Array;
  private nodeId!: Uint32Array;
  private nodeSelfSize!: Float64Array;
  private firstEdge!: Uint32Array;
  private nodeTraceId: Uint32Array | null = null;
  private nodeDetachedness: Uint8Array | null = null;
  private edgeType!: Uint8Array;
  private edgeNameOrIndex!: Uint32Array;
  private edgeTo!: Uint32Array;
  private edgeTotal = 0;
  private strings: string[] = [];
  private numberSections = new Map<string, Float64Array>();
  private rawSections = new Map<string, unknown>();
  private seen = new Set<string>();

  write(chunk: Uint8Array): void {
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      switch (this.state) {
        case State.BeforeDocument: {
          const b = chunk[pos];
          if (isSpace(b)) {
            pos++;
          } else if (b === Byte.OpenBrace) {
            pos++;
            this.state = State.BeforeKey;
          } else {
            this.fail(`expected '{' at byte ${this.offset + pos}, found ${describeByte(b)}`);
          }
          break;
        }
        case State.BeforeKey: {
          const b = chunk[pos++];
          if (isSpace(b) || b === Byte.Comma) break;
          if (b === Byte.Quote) {
            this.keyBytes.length = 0;
            this.state = State.InKey;
          } else if (b === Byte.CloseBrace) {
            this.state = State.Done;
          } else {
            this.fail(`expected a section name at byte ${this.offset + pos - 1}, found ${describeByte(b)}`);
          }
          break;
        }
        case State.InKey: {
          const b = chunk[pos++];
          if (b === Byte.Quote) {
            this.key = Buffer.from(this.keyBytes).toString('utf8');
            this.state = State.BeforeColon;
          } else {
            if (this.keyBytes.length > 256) this.fail(`a section name longer than 256 bytes at byte ${this.offset + pos}`);
            this.keyBytes.push(b);
          }
          break;
        }
        case State.BeforeColon: {
          const b = chunk[pos++];
          if (isSpace(b)) break;
          if (b !== Byte.Colon) this.fail(`expected ':' after "${this.key}", found ${describeByte(b)}`);
          this.state = State.BeforeValue;
          break;
        }
        case State.BeforeValue: {
          const b = chunk[pos];
          if (isSpace(b)) {
            pos++;
            break;
          }
          // A raw value re-reads its opening byte; the others start after it.
          if (!this.beginValue(b)) pos++;
          break;
        }
        case State.Numbers:
          pos = this.parseNumbers(chunk, pos);
          break;
        case State.Strings: {
          const b = chunk[pos++];
          if (isSpace(b) || b === Byte.Comma) break;
          if (b === Byte.Quote) {
            this.state = State.InString;
            this.escaped = false;
            this.nonAscii = false;
            this.hasEscape = false;
            this.pieces.length = 0;
          } else if (b === Byte.CloseBracket) {
            this.state = State.BeforeKey;
          } else {
            this.fail(`expected a string in "strings" at byte ${this.offset + pos - 1}, found ${describeByte(b)}`);
          }
          break;
        }
        case State.InString:
          pos = this.parseString(chunk, pos);
          break;
        case State.Raw:
          pos = this.parseRaw(chunk, pos);
          break;
        case State.Done: {
          const b = chunk[pos++];
          if (!isSpace(b)) this.fail(`unexpected data after the end of the snapshot at byte ${this.offset + pos - 1}`);
          break;
        }
      }
    }
    this.offset += end;
  }

  end(): HeapSnapshot {
    if (this.offset === 0) this.fail('the file is empty');
    if (this.state !== State.Done) {
      const where = this.state === State.BeforeDocument ? 'before the snapshot began' : `inside "${this.key}"`;
      this.fail(`the snapshot is truncated: it ends ${where}, after ${this.offset} bytes`);
    }
    if (!this.header) this.fail('no "snapshot" header: this is not a V8 heap snapshot');
    for (const required of ['nodes', 'edges', 'strings']) {
      if (!this.seen.has(required)) this.fail(`no "${required}" section: this is not a complete V8 heap snapshot`);
    }
    const { node_count: nodeCount, edge_count: edgeCount } = this.header;
    if (this.edgeTotal !== edgeCount) {
      this.fail(`nodes declare ${this.edgeTotal} edges but the snapshot header says ${edgeCount}`);
    }
    const stringCount = this.strings.length;
    for (let i = 0; i < nodeCount; i++) {
      if (this.nodeName[i] >= stringCount) this.fail(`node ${i} names string ${this.nodeName[i]}, but there are ${stringCount}`);
    }
    const element = this.edgeTypes.indexOf('element');
    const hidden = this.edgeTypes.indexOf('hidden');
    for (let e = 0; e < edgeCount; e++) {
      const t = this.edgeType[e];
      if (t !== element && t !== hidden && this.edgeNameOrIndex[e] >= stringCount) {
        this.fail(`edge ${e} names string ${this.edgeNameOrIndex[e]}, but there are ${stringCount}`);
      }
    }
    return new HeapSnapshot({
      nodeTypes: this.nodeTypes,
      edgeTypes: this.edgeTypes,
      strings: this.strings,
      nodeType: this.nodeType,
      nodeName: this.nodeName,
      nodeId: this.nodeId,
      nodeSelfSize: this.nodeSelfSize,
      firstEdge: this.firstEdge,
      nodeTraceId: this.nodeTraceId,
      nodeDetachedness: this.nodeDetachedness,
      edgeType: this.edgeType,
      edgeNameOrIndex: this.edgeNameOrIndex,
      edgeTo: this.edgeTo,
      locations: this.buildLocations(),
      traceStacks: this.buildTraceStacks(),
      extraNativeBytes: this.header.extra_native_bytes ?? 0,
    });
  }

  private fail(message: string): never {
    throw new HeapSnapshotError(message);
  }

  // --- section dispatch ----------------------------------------------------------------

  /** Dispatches on the section name; true when the value is read raw from its first byte. */
  private beginValue(b: number): boolean {
    const key = this.key;
    if (this.seen.has(key)) this.fail(`the section "${key}" appears twice`);
    this.seen.add(key);
    if (NUMBER_SECTIONS.has(key)) {
      if (b !== Byte.OpenBracket) this.fail(`"${key}" must be an array of numbers, found ${describeByte(b)}`);
      this.beginNumbers(key);
      return false;
    }
    if (key === 'strings') {
      if (b !== Byte.OpenBracket) this.fail(`"strings" must be an array, found ${describeByte(b)}`);
      if (!this.header) this.fail('"strings" comes before the "snapshot" header');
      this.state = State.Strings;
      return false;
    }
    this.rawDepth = 0;
    this.rawInString = false;
    this.escaped = false;
    this.rawSize = 0;
    this.rawKeep = RAW_SECTIONS_KEPT.has(key);
    this.pieces.length = 0;
    this.state = State.Raw;
    return true;
  }

  private beginNumbers(key: string): void {
    this.section = key;
    this.acc = 0;
    this.digits = false;
    this.negative = false;
    this.afterComma = false;
    this.values = 0;
    this.field = 0;
    this.rows = 0;
    this.list = null;
    if (key === 'nodes' || key === 'edges') {
      if (!this.header) this.fail(`"${key}" comes before the "snapshot" header`);
      this.rowWidth = key === 'nodes' ? this.header.meta.node_fields.length : this.header.meta.edge_fields.length;
      if (this.row.length < this.rowWidth) this.row = new Float64Array(this.rowWidth);
      if (key === 'edges' && !this.seen.has('nodes')) this.fail('"edges" comes before "nodes"');
    } else {
      this.rowWidth = 1;
      this.list = new NumberList();
    }
    this.state = State.Numbers;
  }

  private endNumbers(): void {
    const key = this.section;
    if (this.field !== 0) this.fail(`"${key}" ends in the middle of a record`);
    if (key === 'nodes') {
      const count = this.header!.node_count;
      if (this.rows !== count) this.fail(`the snapshot header declares ${count} nodes but "nodes" holds ${this.rows}`);
      this.firstEdge[count] = this.edgeTotal;
    } else if (key === 'edges') {
      const count = this.header!.edge_count;
      if (this.rows !== count) this.fail(`the snapshot header declares ${count} edges but "edges" holds ${this.rows}`);
    } else {
      this.numberSections.set(key, this.list!.view());
      this.list = null;
    }
    this.section = '';
    this.state = State.BeforeKey;
  }

  // --- numbers -----------------------------------------------------------------------

  /** The hot loop: about 90% of a snapshot's bytes are digits and commas. */
  private parseNumbers(chunk: Uint8Array, start: number): number {
    let acc = this.acc;
    let digits = this.digits;
    let pos = start;
    const end = chunk.length;
    while (pos < end) {
      const b = chunk[pos++];
      if (b >= Byte.Zero && b <= Byte.Nine) {
        acc = acc * 10 + (b - Byte.Zero);
        digits = true;
        continue;
      }
      if (digits) {
        this.emit(this.negative ? -acc : acc);
        acc = 0;
        digits = false;
        this.negative = false;
        this.afterComma = false;
      } else if (this.negative) {
        this.fail(`a lone '-' in "${this.section}" at byte ${this.offset + pos - 1}`);
      }
      if (b === Byte.Comma) {
        // V8 writes "1,2\n,3": whitespace may stand before a comma, but a value must follow one.
        if (this.afterComma || this.values === 0) this.fail(`an empty value in "${this.section}" at byte ${this.offset + pos - 1}`);
        this.afterComma = true;
      } else if (b === Byte.CloseBracket) {
        if (this.afterComma) this.fail(`a trailing comma in "${this.section}" at byte ${this.offset + pos - 1}`);
        this.acc = 0;
        this.digits = false;
        this.endNumbers();
        return pos;
      } else if (b === Byte.Minus) {
        this.negative = true;
      } else if (!isSpace(b)) {
        this.fail(`expected a number in "${this.section}" at byte ${this.offset + pos - 1}, found ${describeByte(b)}`);
      }
    }
    this.acc = acc;
    this.digits = digits;
    return pos;
  }

  private emit(value: number): void {
    this.values++;
    const row = this.row;
    row[this.field++] = value;
    if (this.field < this.rowWidth) return;
    this.field = 0;
    const section = this.section;
    if (section === 'edges') this.commitEdge(row);
    else if (section === 'nodes') this.commitNode(row);
    else this.list!.push(value);
  }

  private commitNode(row: Float64Array): void {
    const i = this.rows;
    if (i >= this.nodeType.length) this.fail(`"nodes" holds more nodes than the ${this.nodeType.length} declared`);
    const f = this.nodeFieldIndex;
    this.nodeType[i] = row[f.type];
    this.nodeName[i] = row[f.name];
    this.nodeId[i] = row[f.id];
    this.nodeSelfSize[i] = row[f.self_size];
    this.firstEdge[i] = this.edgeTotal;
    this.edgeTotal += row[f.edge_count];
    if (this.nodeTraceId) this.nodeTraceId[i] = row[f.trace_node_id];
    if (this.nodeDetachedness) this.nodeDetachedness[i] = row[f.detachedness];
    this.rows = i + 1;
  }

  private commitEdge(row: Float64Array): void {
    const e = this.rows;
    if (e >= this.edgeType.length) this.fail(`"edges" holds more edges than the ${this.edgeType.length} declared`);
    const f = this.edgeFieldIndex;
    const toField = row[f.to_node];
    const to = toField / this.nodeFieldCount;
    if (to !== Math.floor(to) || to >= this.nodeType.length || to < 0) {
      this.fail(`edge ${e} points to ${toField}, which is not a node`);
    }
    this.edgeType[e] = row[f.type];
    this.edgeNameOrIndex[e] = row[f.name_or_index];
    this.edgeTo[e] = to;
    this.rows = e + 1;
  }

  private get nodeFieldCount(): number {
    return this.header!.meta.node_fields.length;
  }

  // --- strings -----------------------------------------------------------------------

  private parseString(chunk: Uint8Array, start: number): number {
    let pos = start;
    const end = chunk.length;
    let escaped = this.escaped;
    let nonAscii = this.nonAscii;
    let hasEscape = this.hasEscape;
    while (pos < end) {
      const b = chunk[pos];
      if (escaped) {
        escaped = false;
      } else if (b === Byte.Quote) {
        this.finishString(chunk, start, pos, nonAscii, hasEscape);
        this.state = State.Strings;
        return pos + 1;
      } else if (b === Byte.Backslash) {
        escaped = hasEscape = true;
      } else if (b >= 0x80) {
        nonAscii = true;
      }
      pos++;
    }
    // The string continues in the next chunk: keep a copy of this part.
    this.pieces.push(chunk.slice(start, end));
    this.escaped = escaped;
    this.nonAscii = nonAscii;
    this.hasEscape = hasEscape;
    return pos;
  }

  private finishString(chunk: Uint8Array, start: number, end: number, nonAscii: boolean, hasEscape: boolean): void {
    let bytes: Buffer;
    if (this.pieces.length === 0) {
      bytes = toBuffer(chunk);
    } else {
      this.pieces.push(chunk.slice(start, end));
      bytes = Buffer.concat(this.pieces);
      this.pieces.length = 0;
      start = 0;
      end = bytes.length;
    }
    if (hasEscape) {
      try {
        this.strings.push(JSON.parse(`"${bytes.toString('utf8', start, end)}"`) as string);
      } catch {
        this.fail(`an invalid string in "strings" near byte ${this.offset}`);
      }
    } else {
      // Pure ASCII decodes fastest as latin1 (a one-byte V8 string).
      this.strings.push(bytes.toString(nonAscii ? 'utf8' : 'latin1', start, end));
    }
  }

  // --- raw JSON values (the header, the trace tree, unknown sections) -----------------

  private parseRaw(chunk: Uint8Array, start: number): number {
    let pos = start;
    const end = chunk.length;
    let depth = this.rawDepth;
    let inString = this.rawInString;
    let escaped = this.escaped;
    let finished = false;
    while (pos < end) {
      const b = chunk[pos];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === Byte.Backslash) escaped = true;
        else if (b === Byte.Quote) {
          inString = false;
          if (depth === 0) {
            pos++;
            finished = true;
            break;
          }
        }
      } else if (b === Byte.Quote) {
        inString = true;
      } else if (b === Byte.OpenBracket || b === Byte.OpenBrace) {
        depth++;
      } else if (b === Byte.CloseBracket || b === Byte.CloseBrace) {
        if (depth === 0) {
          // A scalar value ends at the document's closing brace.
          finished = true;
          break;
        }
        depth--;
        if (depth === 0) {
          pos++;
          finished = true;
          break;
        }
      } else if (depth === 0 && (b === Byte.Comma || isSpace(b)) && pos + this.rawSize > start) {
        finished = true;
        break;
      }
      pos++;
    }
    this.rawDepth = depth;
    this.rawInString = inString;
    this.escaped = escaped;
    this.rawSize += pos - start;
    if (this.rawKeep) {
      if (this.rawSize > RAW_LIMIT) {
        this.rawKeep = false;
        this.pieces.length = 0;
      } else {
        this.pieces.push(chunk.slice(start, pos));
      }
    }
    if (finished) this.endRaw();
    return pos;
  }

  private endRaw(): void {
    const key = this.key;
    this.state = State.BeforeKey;
    if (!this.rawKeep) return;
    const text = Buffer.concat(this.pieces).toString('utf8');
    this.pieces.length = 0;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.fail(`the "${key}" section is not valid JSON`);
    }
    if (key === 'snapshot') this.setHeader(value);
    else this.rawSections.set(key, value);
  }

  private setHeader(value: unknown): void {
    const header = value as Partial<Header> | null;
    const meta = header?.meta;
    if (
      !meta ||
      !Array.isArray(meta.node_fields) ||
      !Array.isArray(meta.edge_fields) ||
      !Array.isArray(meta.node_types?.[0]) ||
      !Array.isArray(meta.edge_types?.[0])
    ) {
      this.fail('the "snapshot" header has no usable "meta": this is not a V8 heap snapshot');
    }
    if (!Number.isSafeInteger(header.node_count) || !Number.isSafeInteger(header.edge_count)) {
      this.fail('the "snapshot" header lacks node_count or edge_count');
    }
    this.header = header as Header;
    this.nodeTypes = meta.node_types[0];
    this.edgeTypes = meta.edge_types[0];
    for (const name of Object.keys(this.nodeFieldIndex) as (keyof typeof this.nodeFieldIndex)[]) {
      this.nodeFieldIndex[name] = meta.node_fields.indexOf(name);
    }
    for (const name of Object.keys(this.edgeFieldIndex) as (keyof typeof this.edgeFieldIndex)[]) {
      this.edgeFieldIndex[name] = meta.edge_fields.indexOf(name);
    }
    for (const required of ['type', 'name', 'id', 'self_size', 'edge_count'] as const) {
      if (this.nodeFieldIndex[required] < 0) this.fail(`the snapshot's node_fields lack "${required}"`);
    }
    for (const required of ['type', 'name_or_index', 'to_node'] as const) {
      if (this.edgeFieldIndex[required] < 0) this.fail(`the snapshot's edge_fields lack "${required}"`);
    }
    const n = header.node_count!;
    const m = header.edge_count!;
    this.nodeType = new Uint8Array(n);
    this.nodeName = new Uint32Array(n);
    this.nodeId = new Uint32Array(n);
    this.nodeSelfSize = new Float64Array(n);
    this.firstEdge = new Uint32Array(n + 1);
    if (this.nodeFieldIndex.trace_node_id >= 0) this.nodeTraceId = new Uint32Array(n);
    if (this.nodeFieldIndex.detachedness >= 0) this.nodeDetachedness = new Uint8Array(n);
    this.edgeType = new Uint8Array(m);
    this.edgeNameOrIndex = new Uint32Array(m);
    this.edgeTo = new Uint32Array(m);
  }

  // --- optional sections ---------------------------------------------------------------

  private buildLocations(): Map<number, [number, number, number]> {
    const map = new Map<number, [number, number, number]>();
    const data = this.numberSections.get('locations');
    const fields = this.header!.meta.location_fields;
    if (!data || !fields) return map;
    const width = fields.length;
    const objectIndex = fields.indexOf('object_index');
    const scriptId = fields.indexOf('script_id');
    const line = fields.indexOf('line');
    const column = fields.indexOf('column');
    if (width === 0 || objectIndex < 0 || line < 0) return map;
    const nodeWidth = this.nodeFieldCount;
    for (let i = 0; i + width <= data.length; i += width) {
      map.set(data[i + objectIndex] / nodeWidth, [data[i + scriptId], data[i + line], column < 0 ? 0 : data[i + column]]);
    }
    return map;
  }

  /** Resolves every node of the allocation trace tree to its stack of frames. */
  private buildTraceStacks(): Map<number, AllocationFrame[]> {
    const stacks = new Map<number, AllocationFrame[]>();
    const infos = this.numberSections.get('trace_function_infos');
    const tree = this.rawSections.get('trace_tree');
    const meta = this.header!.meta;
    const infoFields = meta.trace_function_info_fields;
    const treeFields = meta.trace_node_fields;
    if (!infos || infos.length === 0 || !Array.isArray(tree) || !infoFields || !treeFields) return stacks;
    const infoWidth = infoFields.length;
    const at = (name: string): number => infoFields.indexOf(name);
    const [fName, fScript, fLine, fColumn] = [at('name'), at('script_name'), at('line'), at('column')];
    const frameOf = (infoIndex: number): AllocationFrame => {
      const base = infoIndex * infoWidth;
      const line = infos[base + fLine];
      const column = infos[base + fColumn];
      return {
        functionName: this.strings[infos[base + fName]] || '(anonymous)',
        scriptName: this.strings[infos[base + fScript]] ?? '',
        // V8 writes 0-based positions and -1 when unknown.
        line: line >= 0 ? line + 1 : 0,
        column: column >= 0 ? column + 1 : 0,
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
        const frames = [frameOf(nodes[i + infoField] as number), ...parent];
        stacks.set(id, frames);
        const children = nodes[i + childrenField];
        if (Array.isArray(children) && children.length) work.push({ nodes: children, parent: frames });
      }
    }
    return stacks;
  }
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function describeByte(b: number): string {
  return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

/** Reads a .heapsnapshot (or a gzip-compressed .heapsnapshot.gz) from disk as a stream. */
export async function readHeapSnapshot(path: string): Promise<HeapSnapshot> {
  let gzip = false;
  try {
    const handle = await open(path, 'r');
    try {
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      gzip = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
      if ((await handle.stat()).isDirectory()) throw new HeapSnapshotError(`${path} is a directory, not a heap snapshot`);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof HeapSnapshotError) throw error;
    throw new HeapSnapshotError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  const parser = new SnapshotParser();
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const source = gzip ? file.pipe(createGunzip()) : file;
  if (gzip) file.on('error', (error) => source.destroy(error));
  try {
    for await (const chunk of source) parser.write(chunk as Buffer);
  } catch (error) {
    file.destroy();
    if (error instanceof HeapSnapshotError) throw new HeapSnapshotError(`${path}: ${error.message}`);
    if (gzip && isZlibError(error)) throw new HeapSnapshotError(`${path}: the gzip data is corrupt or truncated`);
    throw new HeapSnapshotError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  try {
    return parser.end();
  } catch (error) {
    if (error instanceof HeapSnapshotError) throw new HeapSnapshotError(`${path}: ${error.message}`);
    throw error;
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return code.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED';
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string })?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** Parses a whole snapshot held in memory (tests and small inputs). */
export function parseHeapSnapshot(data: string | Uint8Array): HeapSnapshot {
  const parser = new SnapshotParser();
  parser.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  return parser.end();
}
