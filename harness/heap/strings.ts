// The snapshot's string table, kept as the raw bytes of the `strings` section plus offsets.
//
// Most of a snapshot's strings are the contents of heap strings that no analysis ever reads;
// decoding all of them would cost a JS string each (tens of MB of heap and seconds of GC on
// large snapshots). Instead a string is decoded when asked for, and searches run over bytes.
// No single JS string ever holds the section, so its size is not bound by V8's string limit.

const NON_ASCII = 1;
const ESCAPED = 2;

export class StringTable {
  private bytes: Uint8Array;
  private length = 0; // bytes used
  private starts: Uint32Array; // starts[i]..starts[i+1] is string i; length count + 1
  private flags: Uint8Array;
  private count = 0;
  private decoded = new Map<number, string>();

  /** `expectedBytes`: the section's size if known (the rest of the file), to allocate once. */
  constructor(expectedBytes = 1 << 16) {
    this.bytes = new Uint8Array(Math.max(16, expectedBytes));
    this.starts = new Uint32Array(1024);
    this.flags = new Uint8Array(1024);
  }

  get size(): number {
    return this.count;
  }

  /** Appends bytes to the string being read (its raw JSON content, escapes and all). */
  appendBytes(chunk: Uint8Array, start: number, end: number): void {
    const needed = this.length + (end - start);
    if (needed > this.bytes.length) {
      if (needed > 0xffffffff) throw new RangeError('the strings section is larger than 4 GiB');
      const grown = new Uint8Array(Math.min(0xffffffff, Math.max(needed, this.bytes.length * 2)));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk.subarray(start, end), this.length);
    this.length = needed;
  }

  /** Closes the string being read. */
  finishString(nonAscii: boolean, escaped: boolean): void {
    if (this.count + 1 >= this.starts.length) {
      const starts = new Uint32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
      const flags = new Uint8Array(this.flags.length * 2);
      flags.set(this.flags);
      this.flags = flags;
    }
    this.flags[this.count] = (nonAscii ? NON_ASCII : 0) | (escaped ? ESCAPED : 0);
    this.count++;
    this.starts[this.count] = this.length;
  }

  /** String i; undefined when out of range. Escapes are checked when decoded. */
  get(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    let value = this.decoded.get(index);
    if (value === undefined) {
      value = this.decode(index);
      // Names are asked for again and again (classes, paths); contents rarely.
      if (this.decoded.size < 1 << 16) this.decoded.set(index, value);
    }
    return value;
  }

  private decode(index: number): string {
    const start = this.starts[index];
    const end = this.starts[index + 1];
    const flags = this.flags[index];
    const buffer = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start);
    if (flags & ESCAPED) {
      try {
        return JSON.parse(`"${buffer.toString('utf8')}"`) as string;
      } catch {
        return buffer.toString('utf8'); // shown as written rather than lost
      }
    }
    return buffer.toString(flags & NON_ASCII ? 'utf8' : 'latin1');
  }

  /**
   * Indices of the strings whose raw bytes contain `needle` (ASCII, with no character JSON
   * would escape): a byte search, so no string is decoded to look.
   */
  findContaining(needle: string): number[] {
    const pattern = Buffer.from(needle, 'latin1');
    const haystack = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.length);
    const found: number[] = [];
    let from = 0;
    for (;;) {
      const at = haystack.indexOf(pattern, from);
      if (at < 0) break;
      const index = this.indexAt(at);
      // A match spanning two strings is not a match.
      if (at + pattern.length <= this.starts[index + 1]) found.push(index);
      from = Math.max(at + 1, this.starts[index + 1]);
    }
    return found;
  }

  /**
   * Indices of the strings exactly equal to `value` (ASCII without escapes): only strings of
   * its length are compared, so a common word (`script`, `name`) costs no search of the heap's
   * text for every string that contains it.
   */
  findEqual(value: string): number[] {
    const pattern = Buffer.from(value, 'latin1');
    const length = pattern.length;
    const { bytes, starts } = this;
    const found: number[] = [];
    next: for (let i = 0; i < this.count; i++) {
      const start = starts[i];
      if (starts[i + 1] - start !== length) continue;
      for (let k = 0; k < length; k++) if (bytes[start + k] !== pattern[k]) continue next;
      found.push(i);
    }
    return found;
  }

  /** The string whose bytes contain offset `at` (binary search over starts). */
  private indexAt(at: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Every string, decoded: for tests and small snapshots only. */
  toArray(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.get(i)!);
  }
}
