// A quote handler that races every upstream call against the server's shutdown. `shutdown`
// never settles while the server runs, so each race leaves a reaction on it, forever.
import type { Workload } from '../../../harness/contract.ts';

let beginShutdown!: () => void;
const shutdown = new Promise<never>((_, reject) => {
  beginShutdown = () => reject(new Error('server is shutting down'));
});
shutdown.catch(() => {});

async function fetchQuote(symbol: string, request: number): Promise<number> {
  await null; // the upstream answers at once
  return symbol.length * 100 + (request % 7);
}

let served = 0;

async function handleQuote(request: number): Promise<number> {
  const price = await Promise.race([fetchQuote('ACME', request), shutdown]);
  served++;
  return price;
}

export default {
  async iteration(i) {
    await handleQuote(i);
  },
  metrics: () => ({ served }),
  teardown: () => beginShutdown(),
} satisfies Workload;
