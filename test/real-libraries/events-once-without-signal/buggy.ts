// Node's events.once on a long-lived emitter, raced against each job: when the job wins, the
// `once` listeners (one for 'shutdown' and one for 'error') stay on `lifecycle`, with the
// pending promise, until the process shuts down.
// Reported: Node.js docs, events.once(emitter, name[, options]): "options.signal <AbortSignal>
// Can be used to cancel waiting for the event", and emitter.setMaxListeners: "a warning will be
// printed if more than 10 listeners are added ... helps finding memory leaks"
// (MaxListenersExceededWarning: Possible EventEmitter memory leak detected).
import { EventEmitter, once } from 'node:events';
import type { Workload } from '../../../harness/contract.ts';

const lifecycle = new EventEmitter(); // emits 'shutdown' once, when the service stops
lifecycle.setMaxListeners(0); // silenced, as services often do once the warning annoys them

async function runJob(id: number): Promise<number> {
  return id % 11;
}

let total = 0;

export default {
  async iteration(i) {
    const outcome = await Promise.race([runJob(i), once(lifecycle, 'shutdown').then(() => -1)]);
    total += outcome;
  },
  metrics: () => ({ total, listeners: lifecycle.listenerCount('shutdown') }),
} satisfies Workload;
