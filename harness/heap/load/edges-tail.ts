// The tail of the `edges` array, read backwards by the main thread once its own sections are
// done, while the worker reads the array forwards (read.ts). Backwards, each edge's row is known
// without counting what comes before it: the last record is row edge_count - 1. So the two
// threads write straight into the same columns and nothing is held twice.
//
// It accepts exactly what the forward parse accepts on well-formed input (digits, commas,
// whitespace; every field in range) and gives up (false) on anything else without saying why:
// read.ts then parses the whole file again on one thread, whose message is the one to show.
// The split falls after any comma: the record it cuts is joined from both threads' values.

import type { EdgeFields } from './meta.ts';

export class EdgesTail {
  /** Rows stored so far, from the last one down. */
  rows = 0;
  /** Commas read so far. */
  commas = 0;
  private acc = 0;
  private scale = 1;
  private inNumber = false;
  /** The fields of the record being read, last field first. */
  private readonly record: Float64Array;
  private field: number;
  private row: number;

  constructor(
    private readonly columns: { edgeType: Uint8Array; edgeNameOrIndex: Uint32Array; edgeTo: Uint32Array },
    private readonly fields: EdgeFields,
    private readonly width: number,
    private readonly nodeWidth: number,
    private readonly nodeCount: number,
    private readonly edgeTypes: number,
  ) {
    this.record = new Float64Array(width);
    this.field = width - 1;
    this.row = columns.edgeType.length - 1;
  }

  /** Reads chunk[start, end) from its last byte to its first; false at anything out of place. */
  write(chunk: Uint8Array, start: number, end: number): boolean {
    const record = this.record;
    let acc = this.acc;
    let scale = this.scale;
    let inNumber = this.inNumber;
    let field = this.field;
    let commas = this.commas;
    let ok = true;
    for (let pos = end - 1; pos >= start; pos--) {
      const b = chunk[pos];
      const digit = (b - 48) >>> 0;
      if (digit < 10) {
        // Exact below 2^53; beyond that the value is out of every column's range anyway.
        acc += digit * scale;
        scale *= 10;
        inNumber = true;
        continue;
      }
      if (inNumber) {
        record[field] = acc;
        acc = 0;
        scale = 1;
        inNumber = false;
        if (field === 0) {
          if (!this.store()) {
            ok = false;
            break;
          }
          field = this.width;
        }
        field--;
      }
      if (b === 0x2c) commas++;
      else if (b !== 0x0a && b !== 0x20 && b !== 0x0d && b !== 0x09) {
        ok = false;
        break;
      }
    }
    this.acc = acc;
    this.scale = scale;
    this.inNumber = inNumber;
    this.field = field;
    this.commas = commas;
    return ok;
  }

  /**
   * The first byte was reached (just after a comma): true when the commas add up. The values
   * read since the last whole record are the last fields of the record the worker began.
   */
  finish(): boolean {
    if (this.inNumber) {
      this.record[this.field] = this.acc;
      this.inNumber = false;
      if (this.field === 0) {
        if (!this.store()) return false;
        this.field = this.width;
      }
      this.field--;
    }
    const values = this.rows * this.width + (this.width - 1 - this.field);
    return values > 0 && this.commas === values - 1;
  }

  /**
   * The record split between the worker's share and this one: its first fields as the worker
   * read them, its last as read here; stored (checked) in the row before the tail's. False when
   * the two do not make one record or it is out of range.
   */
  join(head: number[]): boolean {
    const last = this.width - 1 - this.field;
    if (head.length + last !== this.width) return head.length === 0 && last === 0;
    this.record.set(head);
    return this.store();
  }

  private store(): boolean {
    const { record, row } = this;
    const to = record[this.fields.to_node] / this.nodeWidth;
    const type = record[this.fields.type];
    const name = record[this.fields.name_or_index];
    if (row < 0 || !(to < this.nodeCount) || (to >>> 0) !== to || !(type < this.edgeTypes && name <= 0xffffffff)) return false;
    this.columns.edgeType[row] = type;
    this.columns.edgeNameOrIndex[row] = name;
    this.columns.edgeTo[row] = to;
    this.row--;
    this.rows++;
    return true;
  }
}
