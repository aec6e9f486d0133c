// The rules module imported by its one URL: one module record, loaded once and reused by every
// job (rules that must change at run time belong in a data file that is re-read, not in a
// module imported again).
import type { Workload } from '../../../harness/contract.ts';

interface Rules { priceOf(sku: string, cents: number): number }

const RULES_URL = new URL('./pricing-rules.mjs', import.meta.url);
let revenue = 0;

async function loadRules(): Promise<Rules> {
  return (await import(RULES_URL.href)) as Rules; // one URL: one module record, cached
}

export default {
  async iteration(i) {
    const rules = await loadRules();
    revenue += rules.priceOf(`book-${i}`, 1999);
  },
  metrics: () => ({ revenue }),
} satisfies Workload;
