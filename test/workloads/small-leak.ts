// Keeps one small record per iteration (~130 bytes): the smallest leak the lab must catch.
import type { Workload } from '../../harness/contract.ts';

interface Entry {
  id: number;
  at: number;
  tag: string | null;
  next: Entry | null;
  span: number[];
}
const entries: Entry[] = [];

export default {
  iteration(i) {
    const entry: Entry = { id: i, at: i * 2, tag: null, next: null, span: [i, i + 1] };
    entries.push(entry);
  },
} satisfies Workload;
