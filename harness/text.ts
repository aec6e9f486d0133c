// Numbers and tables as plain text: shared by the verdict's reasons and every renderer.
// (Untrusted text is escaped by report/escape.ts, not here.)

export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  // A sign only when something is left after rounding: "-0 B" reads as a defect.
  const sign = bytes < 0 && (value >= 1024 || Math.round(value) > 0) ? '-' : '';
  if (value < 1024) return `${sign}${Math.round(value)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Left-aligns text columns and right-aligns the ones listed in `numeric`. */
export function table(header: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
