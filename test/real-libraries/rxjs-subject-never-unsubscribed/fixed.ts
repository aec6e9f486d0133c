// rxjs@7.8.1: each connection keeps its Subscription and unsubscribes when it closes.
import { Subject } from 'rxjs';
import type { Workload } from '../../../harness/contract.ts';

interface Config { rateLimit: number }

const configChanges = new Subject<Config>();
let closed = 0;

function onConnection(id: number): void {
  const connection = { id, rateLimit: 100 };
  const subscription = configChanges.subscribe((config) => {
    connection.rateLimit = config.rateLimit;
  });
  subscription.unsubscribe(); // the connection ends
  closed++;
}

export default {
  iteration(i) {
    onConnection(i);
    if (i % 1000 === 0) configChanges.next({ rateLimit: 100 + (i % 7) });
  },
  metrics: () => ({ closed, hasSubscribers: configChanges.observed ? 1 : 0 }),
} satisfies Workload;
