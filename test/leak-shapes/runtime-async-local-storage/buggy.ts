// A request handler that carries its request id in an AsyncLocalStorage. It creates a new
// storage per request and never disable()s it: Node's list of live storages keeps them all.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Workload } from '../../../harness/contract.ts';

interface RequestContext { requestId: string; user: number }

function log(context: AsyncLocalStorage<RequestContext>, message: string): number {
  return `[${context.getStore()?.requestId}] ${message}`.length;
}

async function handleRequest(i: number): Promise<number> {
  const context = new AsyncLocalStorage<RequestContext>(); // one per request, enabled by run()
  return context.run({ requestId: `req-${i}`, user: i % 100 }, async () => {
    await null;
    return log(context, 'handled');
  });
}

let logged = 0;

export default {
  async iteration(i) {
    logged += await handleRequest(i);
  },
  metrics: () => ({ logged }),
} satisfies Workload;
