// The push parser: the document's state machine, from bytes to typed columns (nodes, edges,
// strings) and the few raw sections kept. It knows no files (read.ts) and builds
// no model (build.ts): like DevTools' HeapSnapshotLoader, it only loads, then hands over.
//
// The file is never held whole, and no section becomes one JS string: `nodes` and `edges`
// are tokenized byte by byte straight into typed columns, and `strings` is decoded one
// string at a time. This is what lets us read snapshots whose strings section is larger
// than V8's maximum string length (2^29 - 24 characters), where JSON.parse cannot.
// Field positions and type names come from `snapshot.meta`, which differs by V8 version.

import { HeapSnapshotError, type HeapSnapshot, type SizeColumn } from '../snapshot.ts';
import { StringTable } from '../strings.ts';
import {
  NUMBER_SLICE,
  NumberList,
  TokenError,
  copyBytes,
  describeByte,
  isSpace,
  newTokenizerState,
  tokenizeNumbers,
  tokenizeUnsigned,
} from './bytes.ts';
import { buildSnapshot } from './build.ts';
import { validateHeader, type EdgeFields, type Header, type NodeFields } from './meta.ts';

/**
 * Kept here, beside every use, not in bytes.ts: a const enum is inlined only within its own
 * file by per-file transpilers (tsx, vitest). Imported, each compare in the string loop became
 * a property read through the module: 600 MB of strings took 13.5 s instead of 1.7 s under vitest.
 */
const enum Byte {
  Quote = 0x22,
  Backslash = 0x5c,
  Comma = 0x2c,
  Colon = 0x3a,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
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
  /** Stopped at a section another thread parses (pauseAtEdges), or after it (edgesFrom). */
  Paused,
}

const NUMBER_SECTIONS = new Set(['nodes', 'edges', 'locations', 'trace_function_infos', 'samples']);
/**
 * Read (they must be well-formed) and dropped: no analysis reads them. `locations`, a source
 * position per function, is a tenth of a large snapshot and would cost 16 bytes a function.
 */
const NUMBER_SECTIONS_DROPPED = new Set(['locations']);
/** Small sections we keep whole (parsed with JSON.parse); the rest are skipped. */
const RAW_SECTIONS_KEPT = new Set(['snapshot', 'trace_tree']);
/** A kept raw section larger than this is skipped instead: it is optional data. */
const RAW_LIMIT = 256 * 1024 * 1024;
/**
 * The header (`snapshot`: meta, counts) is a few KiB in every real snapshot. Much larger is
 * not a heap snapshot, and reading it whole would cost hundreds of MB from a small .gz.
 */
const HEADER_LIMIT = 1024 * 1024;
/** The largest value a Uint32 column holds: larger would wrap around (2^32 + 2 read as 2). */
const MAX_UINT32 = 0xffffffff;

/**
 * A push parser: feed it chunks with write(), then call end() for the snapshot.
 * Chunk boundaries may fall anywhere, including inside a number or a UTF-8 sequence.
 */
export class SnapshotParser {
  /**
   * `sizeHint`: the input's total size in bytes, when known, to size buffers once.
   * `pauseAtEdges`: stop at the `edges` array's first value (`paused`, `offset`), for another
   * thread to parse it (read.ts): then skipEdges() and, before end(), adoptEdges().
   */
  constructor(
    private readonly sizeHint = 0,
    private readonly pauseAtEdges = false,
  ) {}

  /**
   * A parser of the `edges` array alone, from its first value at byte `offset` of the file,
   * for a worker (edges-worker.ts): the same checks and messages as the whole document's
   * parser, into `columns` (preallocated, possibly shared). It pauses after the closing ']'.
   */
  static edgesFrom(header: unknown, offset: number, columns: EdgeColumns): SnapshotParser {
    const parser = new SnapshotParser();
    parser.edgesOnly = true;
    parser.setHeader(header);
    parser.adoptEdges(columns);
    parser.seen.add('nodes').add('edges');
    parser.offset = offset;
    parser.beginNumbers('edges');
    return parser;
  }

  private edgesOnly = false;

  private state = State.BeforeDocument;
  private offset = 0; // bytes consumed before the current chunk, for error messages
  private key = '';
  private keyBytes: number[] = [];

  // Numbers section state.
  private section = '';
  private tokens = newTokenizerState();
  private rowWidth = 0;
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
  private rawHeader: unknown = null;
  private nodeTypes: string[] = [];
  private edgeTypes: string[] = [];
  private nodeFields!: NodeFields;
  private edgeFields!: EdgeFields;
  private nodeType!: Uint8Array;
  private nodeName!: Uint32Array;
  private nodeId!: Uint32Array;
  private nodeSelfSize!: SizeColumn;
  private firstEdge!: Uint32Array;
  private nodeTraceId: Uint32Array | null = null;
  private nodeDetachedness: Uint8Array | null = null;
  private edgeType: Uint8Array | null = null;
  private edgeNameOrIndex!: Uint32Array;
  private edgeTo!: Uint32Array;
  private edgeTotal = 0;
  private strings: StringTable | null = null;
  private numberSections = new Map<string, Float64Array>();
  private rawSections = new Map<string, unknown>();
  private seen = new Set<string>();

  write(input: Uint8Array): void {
    // Index a plain Uint8Array: element access on Node's Buffer subclass is about twice as slow.
    const chunk = input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
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
        case State.Paused:
          this.offset += pos;
          return;
      }
    }
    this.offset += end;
  }

  /** The `snapshot` header as parsed (and checked), once read: what another thread needs. */
  get headerValue(): unknown {
    return this.rawHeader;
  }

  /** Stopped at the `edges` array (pauseAtEdges), or after it (edgesFrom): `offset` is where. */
  get paused(): boolean {
    return this.state === State.Paused;
  }

  /** Bytes consumed: when paused, the position in the input where parsing stopped. */
  get position(): number {
    return this.offset;
  }

  /** Paused at `edges`: parse them here after all (the worker could not). */
  parseEdgesHere(): void {
    if (this.state !== State.Paused || this.section !== 'edges') throw new Error('parseEdgesHere: not paused at "edges"');
    this.allocateEdges();
    this.state = State.Numbers;
  }

  /** Paused at `edges`: another thread parses them; carry on at `offset`, the byte after its ']'. */
  skipEdges(offset: number): void {
    if (this.state !== State.Paused || this.section !== 'edges') throw new Error('skipEdges: not paused at "edges"');
    this.offset = offset;
    this.section = '';
    this.state = State.BeforeKey;
  }

  /**
   * Where an `edges` parse (edgesFrom) stands when its input was cut short on purpose (read.ts
   * splits the array between two threads): rows stored, commas read, the values of a record
   * begun, and whether a number was cut.
   */
  edgesProgress(): { rows: number; commas: number; pending: number[]; inNumber: boolean } {
    const t = this.tokens;
    return { rows: this.rows, commas: t.commas, pending: Array.from(t.values.subarray(0, t.count)), inNumber: t.digits };
  }

  /** Columns another thread filled from this input's `edges` (checked there: same code). */
  adoptEdges(columns: EdgeColumns): void {
    ({ edgeType: this.edgeType, edgeNameOrIndex: this.edgeNameOrIndex, edgeTo: this.edgeTo } = columns);
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
    return buildSnapshot({
      header: this.header,
      nodeTypes: this.nodeTypes,
      edgeTypes: this.edgeTypes,
      strings: this.strings ?? new StringTable(16),
      nodeType: this.nodeType,
      nodeName: this.nodeName,
      nodeId: this.nodeId,
      nodeSelfSize: this.nodeSelfSize,
      firstEdge: this.firstEdge,
      nodeTraceId: this.nodeTraceId,
      nodeDetachedness: this.nodeDetachedness,
      edgeType: this.edgeType!,
      edgeNameOrIndex: this.edgeNameOrIndex,
      edgeTo: this.edgeTo,
      numberSections: this.numberSections,
      rawSections: this.rawSections,
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
      // The strings section runs to the end of the file: size its buffer once when we can.
      this.strings = new StringTable(this.sizeHint > this.offset ? this.sizeHint - this.offset : undefined);
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
    this.tokens = newTokenizerState(this.tokens.values);
    this.rows = 0;
    this.list = null;
    if (key === 'nodes' || key === 'edges') {
      if (!this.header) this.fail(`"${key}" comes before the "snapshot" header`);
      this.rowWidth = (key === 'nodes' ? this.header.meta.node_fields : this.header.meta.edge_fields).length;
      if (key === 'edges' && !this.seen.has('nodes')) this.fail('"edges" comes before "nodes"');
      if (key === 'edges' && this.pauseAtEdges) {
        this.state = State.Paused;
        return;
      }
      if (key === 'edges') this.allocateEdges();
    } else {
      this.rowWidth = 1;
      if (!NUMBER_SECTIONS_DROPPED.has(key)) this.list = new NumberList();
    }
    this.state = State.Numbers;
  }

  private endNumbers(): void {
    const key = this.section;
    if (key === 'nodes') {
      const count = this.header!.node_count;
      if (this.rows !== count) this.fail(`the snapshot header declares ${count} nodes but "nodes" holds ${this.rows}`);
      this.firstEdge[count] = this.edgeTotal;
      // Sized only now: the edge_count fields have been summed.
      if (this.edgeTotal !== this.header!.edge_count) {
        this.fail(`nodes declare ${this.edgeTotal} edges but the snapshot header says ${this.header!.edge_count}`);
      }
    } else if (key === 'edges') {
      const count = this.header!.edge_count;
      if (this.rows !== count) this.fail(`the snapshot header declares ${count} edges but "edges" holds ${this.rows}`);
      if (this.edgesOnly) {
        this.section = '';
        this.state = State.Paused;
        return;
      }
    } else if (this.list) {
      this.numberSections.set(key, this.list.view());
      this.list = null;
    }
    this.section = '';
    this.state = State.BeforeKey;
  }

  // --- numbers -----------------------------------------------------------------------

  /**
   * The hot loop: about 90% of a snapshot's bytes are digits and separators. A chunk is first
   * tokenized into a scratch array (a tight loop with no dispatch), then its whole records are
   * spread into the columns with fixed strides; a partial record waits for the next chunk.
   */
  private parseNumbers(chunk: Uint8Array, start: number): number {
    const t = this.tokens;
    // A slice at a time, so the scratch array stays small (write() calls back for the rest).
    const end = Math.min(chunk.length, start + NUMBER_SLICE);
    const needed = t.count + ((end - start) >> 1) + 2;
    if (t.values.length < needed) {
      const grown = new Float64Array(Math.max(needed, t.values.length * 2));
      grown.set(t.values.subarray(0, t.count));
      t.values = grown;
    }
    const fast = this.section === 'nodes' || this.section === 'edges' || NUMBER_SECTIONS_DROPPED.has(this.section);
    const pos = fast ? tokenizeUnsigned(chunk, start, end, t) : tokenizeNumbers(chunk, start, end, t);
    if (t.error) {
      const at = this.offset + t.errorAt;
      const found = describeByte(chunk[t.errorAt]);
      this.fail(
        t.error === TokenError.Empty
          ? `an empty value in "${this.section}" at byte ${at}`
          : t.error === TokenError.TrailingComma
            ? `a trailing comma in "${this.section}" at byte ${at}`
            : `expected a number in "${this.section}" at byte ${at}, found ${found}`,
      );
    }
    const width = this.rowWidth;
    const complete = t.count - (t.count % width);
    t.stored += complete;
    if (this.section === 'nodes') this.storeNodes(t.values, complete);
    else if (this.section === 'edges') this.storeEdges(t.values, complete);
    else if (this.list) for (let i = 0; i < complete; i++) this.list.push(t.values[i]);
    t.values.copyWithin(0, complete, t.count);
    t.count -= complete;
    if (t.closed) {
      if (t.count !== 0) this.fail(`"${this.section}" ends in the middle of a record`);
      const wellFormed = t.stored === 0 ? t.commas === 0 : t.commas === t.stored - 1;
      if (fast && !wellFormed) {
        this.fail(`"${this.section}" has an empty value or a stray comma (${t.stored} values, ${t.commas} commas)`);
      }
      this.endNumbers();
    }
    return pos;
  }

  private storeNodes(values: Float64Array, count: number): void {
    const width = this.rowWidth;
    let row = this.rows;
    if (row + count / width > this.nodeType.length) this.fail(`"nodes" holds more than the ${this.nodeType.length} nodes declared`);
    const { type, name, id, self_size: selfSize, edge_count: edgeCount, trace_node_id: traceId, detachedness } = this.nodeFields;
    const { nodeType, nodeName, nodeId, firstEdge } = this;
    let nodeSelfSize = this.nodeSelfSize;
    let edgeTotal = this.edgeTotal;
    const types = this.nodeTypes.length;
    for (let j = 0; j < count; j += width, row++) {
      const t = values[j + type];
      const n = values[j + name];
      const i = values[j + id];
      const size = values[j + selfSize];
      const edges = values[j + edgeCount];
      // Every field an integer in its column's range: a typed array would wrap silently.
      // Non-negative integers already (tokenizeUnsigned): only the ranges are left to check.
      if (!(t < types && n <= MAX_UINT32 && i <= MAX_UINT32 && size <= Number.MAX_SAFE_INTEGER && edges <= MAX_UINT32)) {
        this.fail(`node ${row} has a field out of range (type ${t}, name ${n}, id ${i}, self size ${size}, edges ${edges})`);
      }
      nodeType[row] = t;
      nodeName[row] = n;
      nodeId[row] = i;
      if (size > MAX_UINT32 && nodeSelfSize instanceof Uint32Array) {
        // A node of 4 GiB or more (a huge ArrayBuffer): this snapshot's sizes need doubles.
        nodeSelfSize = this.nodeSelfSize = Float64Array.from(nodeSelfSize);
      }
      nodeSelfSize[row] = size;
      firstEdge[row] = edgeTotal;
      edgeTotal += edges;
      // Most snapshots carry these fields as zeros: allocate the columns only when used.
      if (traceId >= 0 && values[j + traceId] !== 0) (this.nodeTraceId ??= new Uint32Array(nodeType.length))[row] = values[j + traceId];
      if (detachedness >= 0 && values[j + detachedness] !== 0) {
        (this.nodeDetachedness ??= new Uint8Array(nodeType.length))[row] = values[j + detachedness];
      }
    }
    this.rows = row;
    this.edgeTotal = edgeTotal;
  }

  private storeEdges(values: Float64Array, count: number): void {
    const width = this.rowWidth;
    let row = this.rows;
    const edgeType = this.edgeType!;
    if (row + count / width > edgeType.length) this.fail(`"edges" holds more than the ${edgeType.length} edges declared`);
    const { type, name_or_index: nameOrIndex, to_node: toNode } = this.edgeFields;
    const { edgeNameOrIndex, edgeTo } = this;
    const nodeWidth = this.nodeFieldCount;
    const nodeCount = this.header!.node_count;
    const edgeTypes = this.edgeTypes.length;
    // tokenizeUnsigned reads digits only: every value is a non-negative integer already, so
    // the checks left are the ranges and that the target is a node's first field. (A float
    // modulo here once cost more than the whole tokenizer.)
    for (let j = 0; j < count; j += width, row++) {
      const to = values[j + toNode] / nodeWidth;
      const t = values[j + type];
      const n = values[j + nameOrIndex];
      if (!(to < nodeCount) || (to >>> 0) !== to) this.fail(`edge ${row} points to ${values[j + toNode]}, which is not a node`);
      if (!(t < edgeTypes && n <= MAX_UINT32)) this.fail(`edge ${row} has a field out of range (type ${t}, name or index ${n})`);
      edgeType[row] = t;
      edgeNameOrIndex[row] = n;
      edgeTo[row] = to;
    }
    this.rows = row;
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
    const table = this.strings!;
    while (pos < end) {
      const b = chunk[pos];
      if (escaped) {
        escaped = false;
      } else if (b === Byte.Quote) {
        table.appendBytes(chunk, start, pos);
        table.finishString(nonAscii, hasEscape);
        this.state = State.Strings;
        return pos + 1;
      } else if (b === Byte.Backslash) {
        escaped = hasEscape = true;
      } else if (b >= 0x80) {
        nonAscii = true;
      } else if (b < 0x20) {
        this.fail(`a control character inside a string in "strings" at byte ${this.offset + pos}`);
      }
      pos++;
    }
    // The string continues in the next chunk.
    table.appendBytes(chunk, start, end);
    this.escaped = escaped;
    this.nonAscii = nonAscii;
    this.hasEscape = hasEscape;
    return pos;
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
    if (this.key === 'snapshot' && this.rawSize > HEADER_LIMIT) {
      this.fail(`the "snapshot" header is over ${HEADER_LIMIT / 1024 / 1024} MiB (real ones are a few KiB): not a heap snapshot`);
    }
    if (this.rawKeep) {
      if (this.rawSize > RAW_LIMIT) {
        this.rawKeep = false;
        this.pieces.length = 0;
      } else {
        this.pieces.push(copyBytes(chunk, start, pos));
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
    const { header, nodeFields, edgeFields } = validateHeader(value);
    this.header = header;
    this.rawHeader = value;
    this.nodeTypes = header.meta.node_types[0];
    this.edgeTypes = header.meta.edge_types[0];
    this.nodeFields = nodeFields;
    this.edgeFields = edgeFields;
    if (this.edgesOnly) return;
    const n = header.node_count;
    this.nodeType = new Uint8Array(n);
    this.nodeName = new Uint32Array(n);
    this.nodeId = new Uint32Array(n);
    this.nodeSelfSize = new Uint32Array(n);
    this.firstEdge = new Uint32Array(n + 1);
  }

  /** The edge columns, sized by the header; allocated when the edges are parsed here. */
  private allocateEdges(): void {
    if (this.edgeType) return;
    const m = this.header!.edge_count;
    this.edgeType = new Uint8Array(m);
    this.edgeNameOrIndex = new Uint32Array(m);
    this.edgeTo = new Uint32Array(m);
  }
}

/** The `edges` array's three columns, as another thread may fill them. */
export interface EdgeColumns {
  edgeType: Uint8Array;
  edgeNameOrIndex: Uint32Array;
  edgeTo: Uint32Array;
}
