// rxjs@7.8.1: a long-lived Subject of config changes; every connection subscribes to it and
// never unsubscribes, so the Subject's `observers` array keeps every subscriber (and what its
// callback closes over).
// Reported: RxJS docs, "Subscription": "A Subscription ... has one important method,
// unsubscribe, that ... disposes the resource held by the subscription"; a Subject keeps every
// subscriber until it unsubscribes or the Subject completes.
import { Subject } from 'rxjs';
import type { Workload } from '../../../harness/contract.ts';

interface Config { rateLimit: number }

const configChanges = new Subject<Config>();
let closed = 0;

function onConnection(id: number): void {
  const connection = { id, rateLimit: 100 };
  configChanges.subscribe((config) => {
    connection.rateLimit = config.rateLimit;
  });
  closed++; // the connection ends; its subscription does not
}

export default {
  iteration(i) {
    onConnection(i);
    if (i % 1000 === 0) configChanges.next({ rateLimit: 100 + (i % 7) });
  },
  metrics: () => ({ closed, hasSubscribers: configChanges.observed ? 1 : 0 }),
} satisfies Workload;
