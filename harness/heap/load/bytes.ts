// The byte-level number tokenizer and its helpers: pure functions over bytes, no snapshot
// knowledge. Kept apart from the loader's state machine so the hot loops stay small and
// alone (the JIT compiles them once and well) and can be read without the document around them.

/** Bytes of a numeric section tokenized per step; bounds the scratch array to 1 MiB. */
export const NUMBER_SLICE = 256 * 1024;

export function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export const enum TokenError {
  None,
  Empty,
  TrailingComma,
  Unexpected,
}

/** The number tokenizer's state between chunks. */
export interface TokenizerState {
  /** Values read so far; the first `count` are valid (a partial record may wait here). */
  values: Float64Array;
  count: number;
  acc: number;
  digits: boolean;
  negative: boolean;
  afterComma: boolean;
  any: boolean;
  closed: boolean;
  error: TokenError;
  errorAt: number;
  /** Commas seen (fast path): a well-formed array has one fewer than values. */
  commas: number;
  /** Values already moved out of `values` into columns (fast path). */
  stored: number;
}

export function newTokenizerState(values: Float64Array = new Float64Array(1024)): TokenizerState {
  return {
    values, count: 0, acc: 0, digits: false, negative: false, afterComma: false, any: false, closed: false,
    error: TokenError.None, errorAt: 0, commas: 0, stored: 0,
  };
}

/**
 * The hot loop for `nodes` and `edges`, about 90% of a snapshot's bytes: non-negative integers
 * separated by commas and whitespace. Kept small and alone so the JIT compiles it once and
 * well, and lean: instead of checking each separator it counts commas, and the caller checks
 * the count when the array closes. Stops at the chunk's end, at ']' (closed), or at any other
 * byte (error, errorAt).
 */
export function tokenizeUnsigned(chunk: Uint8Array<ArrayBufferLike>, start: number, end: number, t: TokenizerState): number {
  const values = t.values;
  let count = t.count;
  let acc = t.acc;
  let digits = t.digits;
  let commas = t.commas;
  let pos = start;
  while (pos < end) {
    const b = chunk[pos++];
    const digit = (b - 48) >>> 0; // one unsigned compare tests both bounds
    if (digit < 10) {
      acc = acc * 10 + digit;
      digits = true;
      continue;
    }
    if (digits) {
      values[count++] = acc;
      acc = 0;
      digits = false;
    }
    if (b === 0x2c) {
      commas++;
      continue;
    }
    if (b === 0x0a || b === 0x20 || b === 0x0d || b === 0x09) continue;
    if (b === 0x5d) t.closed = true;
    else {
      t.error = TokenError.Unexpected;
      t.errorAt = pos - 1;
    }
    break;
  }
  t.count = count;
  t.acc = acc;
  t.digits = digits;
  t.commas = commas;
  return pos;
}

/**
 * The general loop, for the small numeric sections (samples, trace infos), which
 * may hold negative numbers; every separator is checked as it comes.
 */
export function tokenizeNumbers(chunk: Uint8Array<ArrayBufferLike>, start: number, end: number, t: TokenizerState): number {
  const values = t.values;
  let count = t.count;
  let acc = t.acc;
  let digits = t.digits;
  let negative = t.negative;
  let afterComma = t.afterComma;
  let any = t.any;
  let pos = start;
  while (pos < end) {
    const b = chunk[pos++];
    const digit = (b - 48) >>> 0; // one unsigned compare tests both bounds
    if (digit < 10) {
      acc = acc * 10 + digit;
      digits = true;
      continue;
    }
    if (digits) {
      values[count++] = negative ? -acc : acc;
      acc = 0;
      digits = false;
      negative = false;
      afterComma = false;
      any = true;
    } else if (negative) {
      t.error = TokenError.Unexpected;
      t.errorAt = pos - 1;
      break;
    }
    if (b === 0x2c) {
      // V8 writes "1,2\n,3": whitespace may stand before a comma, but a value must follow one.
      if (afterComma || !any) {
        t.error = TokenError.Empty;
        t.errorAt = pos - 1;
        break;
      }
      afterComma = true;
    } else if (b === 0x5d) {
      if (afterComma) {
        t.error = TokenError.TrailingComma;
        t.errorAt = pos - 1;
        break;
      }
      t.closed = true;
      break;
    } else if (b === 0x2d) {
      negative = true;
    } else if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) {
      t.error = TokenError.Unexpected;
      t.errorAt = pos - 1;
      break;
    }
  }
  t.count = count;
  t.acc = acc;
  t.digits = digits;
  t.negative = negative;
  t.afterComma = afterComma;
  t.any = any;
  return pos;
}

/** Growable list of doubles for the small numeric sections. */
export class NumberList {
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

/** A copy, never a view: the reader reuses its buffer for the next chunk. */
export function copyBytes(chunk: Uint8Array, start: number, end: number): Uint8Array {
  return Uint8Array.prototype.slice.call(chunk, start, end);
}

export function describeByte(b: number): string {
  return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}
