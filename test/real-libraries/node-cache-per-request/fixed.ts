// node-cache@5.1.2: the per-request cache is closed when the request is done, which clears
// its check timer.
import NodeCache from 'node-cache';
import type { Workload } from '../../../harness/contract.ts';

let priced = 0;

function priceBasket(items: number[]): number {
  const prices = new NodeCache({ stdTTL: 60 });
  try {
    let total = 0;
    for (const sku of items) {
      let cents = prices.get<number>(sku);
      if (cents === undefined) prices.set(sku, (cents = 100 + (sku % 900)));
      total += cents;
    }
    return total;
  } finally {
    prices.close();
  }
}

export default {
  iteration(i) {
    priced += priceBasket([i, i + 1, i % 7, i]);
  },
  metrics: () => ({ priced }),
} satisfies Workload;
