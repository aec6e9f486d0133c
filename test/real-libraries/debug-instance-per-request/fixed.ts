// debug@3.2.7: one logger for the module, made once; the tenant goes into the message, not
// the namespace.
import createDebug from 'debug';
import type { Workload } from '../../../harness/contract.ts';

const log = createDebug('shop:orders');
let handled = 0;

function handleOrder(tenant: string, order: number): void {
  log('order %d accepted for %s', order, tenant);
  handled++;
}

export default {
  iteration(i) {
    handleOrder(`tenant-${i}`, i);
  },
  metrics: () => ({ handled }),
} satisfies Workload;
