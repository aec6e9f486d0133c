// A small steady leak (one ~100-byte record per iteration) beside a one-time step: a lazy
// table of 4,000 rows filled once, in the middle of the run, bigger than all the leak keeps.
// The step is what a library's lazy start finishing mid-run looks like; the culprit is the
// record made every interval.
import type { Workload } from '../../harness/contract.ts';

class AuditRecord {
  constructor(readonly id: number, readonly at: number, readonly span: number[]) {}
}
class LazyRow {
  constructor(readonly code: number, readonly label: string, readonly weights: number[]) {}
}

const audit: AuditRecord[] = [];
let table: LazyRow[] | null = null;

export default {
  iteration(i) {
    audit.push(new AuditRecord(i, i * 2, [i, i + 1]));
    // Warm-up is 50 iterations and intervals 200: iteration 350 is in the second interval.
    if (i === 350 && !table) table = Array.from({ length: 4000 }, (_, code) => new LazyRow(code, `row-${code}`, [code, code / 2, code / 3]));
  },
} satisfies Workload;
