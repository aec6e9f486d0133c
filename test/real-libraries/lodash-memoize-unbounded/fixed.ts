// lodash@4.17.21: the memo scoped to what repeats. A quote is formatted twice within one
// request, so the memo lives per request and goes with it.
import memoize from 'lodash/memoize.js';
import type { Workload } from '../../../harness/contract.ts';

interface Quote { id: string; cents: number; currency: string }

const format = (quote: Quote) => `${quote.currency} ${(quote.cents / 100).toFixed(2)} (ref ${quote.id})`;

let characters = 0;

export default {
  iteration(i) {
    const formatQuote = memoize(format, (quote: Quote) => quote.id); // per request
    const quote = { id: `q-${(i * 7919).toString(36)}-${i}`, cents: 1999 + i, currency: 'EUR' };
    characters += formatQuote(quote).length;
    characters += formatQuote(quote).length;
  },
  metrics: () => ({ characters }),
} satisfies Workload;
