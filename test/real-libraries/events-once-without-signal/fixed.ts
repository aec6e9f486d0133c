// Node's events.once with a per-job AbortSignal: when the job wins, the signal is aborted and
// `once` removes its listeners from `lifecycle`.
import { EventEmitter, once } from 'node:events';
import type { Workload } from '../../../harness/contract.ts';

const lifecycle = new EventEmitter(); // emits 'shutdown' once, when the service stops
lifecycle.setMaxListeners(0);

async function runJob(id: number): Promise<number> {
  return id % 11;
}

let total = 0;

export default {
  async iteration(i) {
    const jobDone = new AbortController();
    const shutdown = once(lifecycle, 'shutdown', { signal: jobDone.signal }).then(
      () => -1,
      () => 0, // aborted: the job finished first
    );
    try {
      total += await Promise.race([runJob(i), shutdown]);
    } finally {
      jobDone.abort();
    }
  },
  metrics: () => ({ total, listeners: lifecycle.listenerCount('shutdown') }),
} satisfies Workload;
