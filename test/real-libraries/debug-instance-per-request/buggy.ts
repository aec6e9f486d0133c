// debug@3.2.7: a logger made inside the handler, its namespace naming the tenant. debug 3.x
// pushes every instance it creates onto `createDebug.instances` (to re-enable it when
// debug.enable() is called) and only destroy() takes it off, so one instance per request
// stays for ever, whether or not DEBUG is set.
// Reported: debug-js/debug#678 "memory leak when instance is created inside a function."
// (fixed in debug 4.2.0 by #740, which dropped the instances list).
import createDebug from 'debug';
import type { Workload } from '../../../harness/contract.ts';

let handled = 0;

function handleOrder(tenant: string, order: number): void {
  const log = createDebug(`shop:orders:${tenant}`);
  log('order %d accepted', order);
  handled++;
}

export default {
  iteration(i) {
    handleOrder(`tenant-${i}`, i);
  },
  metrics: () => ({ handled }),
} satisfies Workload;
