// A request handler that carries its request id in an AsyncLocalStorage: one storage for the
// whole server, created once; each request runs in it with its own store.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Workload } from '../../../harness/contract.ts';

interface RequestContext { requestId: string; user: number }

const requestContext = new AsyncLocalStorage<RequestContext>();

function log(message: string): number {
  return `[${requestContext.getStore()?.requestId}] ${message}`.length;
}

async function handleRequest(i: number): Promise<number> {
  return requestContext.run({ requestId: `req-${i}`, user: i % 100 }, async () => {
    await null;
    return log('handled');
  });
}

let logged = 0;

export default {
  async iteration(i) {
    logged += await handleRequest(i);
  },
  metrics: () => ({ logged }),
} satisfies Workload;
