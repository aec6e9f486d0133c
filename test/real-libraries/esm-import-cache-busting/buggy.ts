// Node's ES module loader: "hot reload" by importing the rules module again with a
// cache-busting query string on every job. Each distinct URL is a new module record that the
// loader's module map (its load cache) keeps for the life of the process; ES modules cannot
// be unloaded.
// Reported: Node.js docs, "Modules: ECMAScript modules", URLs: "modules are loaded multiple
// times if the import specifier used to resolve them has a different query or fragment"; and
// nodejs/help#2806 "Require cache equivalent in es modules" (the ES module cache cannot be
// deleted, so cache-busting workarounds "always cause memory leaks").
import type { Workload } from '../../../harness/contract.ts';

interface Rules { priceOf(sku: string, cents: number): number }

const RULES_URL = new URL('./pricing-rules.mjs', import.meta.url);
let revenue = 0;

async function loadRules(version: number): Promise<Rules> {
  return (await import(`${RULES_URL.href}?v=${version}`)) as Rules; // always the latest rules
}

export default {
  async iteration(i) {
    const rules = await loadRules(i);
    revenue += rules.priceOf(`book-${i}`, 1999);
  },
  metrics: () => ({ revenue }),
} satisfies Workload;
