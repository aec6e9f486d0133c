// A quote handler that stops waiting for upstream calls when the server shuts down. Each
// request races against its own abandon promise, which the shutdown settles and which is
// dropped (with its reaction) when the request finishes.
import type { Workload } from '../../../harness/contract.ts';

const inFlight = new Set<(reason: Error) => void>();
function beginShutdown(): void {
  for (const abandon of inFlight) abandon(new Error('server is shutting down'));
}

async function fetchQuote(symbol: string, request: number): Promise<number> {
  await null; // the upstream answers at once
  return symbol.length * 100 + (request % 7);
}

let served = 0;

async function handleQuote(request: number): Promise<number> {
  let abandon!: (reason: Error) => void;
  const abandoned = new Promise<never>((_, reject) => (abandon = reject));
  inFlight.add(abandon);
  try {
    const price = await Promise.race([fetchQuote('ACME', request), abandoned]);
    served++;
    return price;
  } finally {
    inFlight.delete(abandon);
  }
}

export default {
  async iteration(i) {
    await handleQuote(i);
  },
  metrics: () => ({ served }),
  teardown: () => beginShutdown(),
} satisfies Workload;
