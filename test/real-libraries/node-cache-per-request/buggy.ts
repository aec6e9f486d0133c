// node-cache@5.1.2: a cache made per request (for the request's lookups) and never closed.
// Each NodeCache arms a check timer (checkperiod, 600 s by default) that re-arms itself, so
// Node's timer list keeps every cache, and its contents, alive.
// Reported: node-cache README, ".close()": "This will clear the interval timeout which is set
// on check period option."; and node-cache/node-cache#116 "Delete NodeCache object itself"
// (is a dropped cache freed, or do its checkperiod timers keep it?).
import NodeCache from 'node-cache';
import type { Workload } from '../../../harness/contract.ts';

let priced = 0;

function priceBasket(items: number[]): number {
  const prices = new NodeCache({ stdTTL: 60 });
  let total = 0;
  for (const sku of items) {
    let cents = prices.get<number>(sku);
    if (cents === undefined) prices.set(sku, (cents = 100 + (sku % 900)));
    total += cents;
  }
  return total;
}

export default {
  iteration(i) {
    priced += priceBasket([i, i + 1, i % 7, i]);
  },
  metrics: () => ({ priced }),
} satisfies Workload;
