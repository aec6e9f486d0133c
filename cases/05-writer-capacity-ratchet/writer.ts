// A growable byte writer, like Go's bytes.Buffer: the capacity doubles when a write does not
// fit, and reset() empties it but keeps the capacity.

export class GrowableWriter {
  private buffer = Buffer.allocUnsafe(4096);
  private length = 0;

  get capacity(): number {
    return this.buffer.length;
  }

  write(text: string): void {
    const needed = this.length + Buffer.byteLength(text);
    if (needed > this.buffer.length) {
      let capacity = this.buffer.length;
      while (capacity < needed) capacity *= 2;
      const grown = Buffer.allocUnsafe(capacity);
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length);
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0; // the capacity stays
  }
}

/** Mostly small responses; now and then a large export (~400 KiB). */
export function responseBody(batch: number, slot: number): string {
  // Two batches in four carry one export, at a slot that moves on every four batches.
  const large = batch % 4 < 2 && slot === (batch >> 2) % 8;
  return JSON.stringify({ batch, slot, rows: 'r'.repeat(large ? 400 * 1024 : 2 * 1024) });
}
