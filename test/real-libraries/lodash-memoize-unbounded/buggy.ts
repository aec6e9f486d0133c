// lodash@4.17.21: `_.memoize` around a quote formatter, keyed by the quote id, which is new on
// every request: the memo's cache (a MapCache; string keys go to its Hash, a plain object) is
// never evicted. Reported: lodash docs for _.memoize ("the cache is exposed as the cache
// property ... can be replaced") and lodash/lodash#3307 / #3622 ("Use memoizeCapped instead of
// memoize ... can lead to memory leaks when path variable will be changed frequently").
import memoize from 'lodash/memoize.js';
import type { Workload } from '../../../harness/contract.ts';

interface Quote { id: string; cents: number; currency: string }

const formatQuote = memoize((quote: Quote) => `${quote.currency} ${(quote.cents / 100).toFixed(2)} (ref ${quote.id})`, (quote: Quote) => quote.id);

let characters = 0;

export default {
  iteration(i) {
    const quote = { id: `q-${(i * 7919).toString(36)}-${i}`, cents: 1999 + i, currency: 'EUR' };
    characters += formatQuote(quote).length;
    characters += formatQuote(quote).length; // the same quote rendered twice: the memo's one hit
  },
  metrics: () => ({ characters }),
} satisfies Workload;
