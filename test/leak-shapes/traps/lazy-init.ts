// Trap (not a leak): a CSV export endpoint builds its ~300 KiB code-point table on the first
// export request (iteration 120) and reuses it afterwards. Memory steps up once, then stays flat.
import type { Workload } from '../../../harness/contract.ts';

interface CodePoint { code: number; label: string }

let codePoints: CodePoint[] | null = null;

function codePointTable(): CodePoint[] {
  codePoints ??= Array.from({ length: 4000 }, (_, code) => ({ code, label: `U+${code.toString(16).padStart(4, '0')}` }));
  return codePoints;
}

function exportCsv(row: number): number {
  const table = codePointTable();
  return table[row % table.length].label.length;
}

let exported = 0;

export default {
  iteration(i) {
    if (i >= 120) exported += exportCsv(i); // the first export request arrives late
  },
  metrics: () => ({ exported }),
} satisfies Workload;
