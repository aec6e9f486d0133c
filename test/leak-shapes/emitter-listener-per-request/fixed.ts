// A pricing handler that re-reads its settings when the config reloads. The request's
// 'reload' listener is removed when the request ends.
import { EventEmitter } from 'node:events';
import type { Workload } from '../../../harness/contract.ts';

class ConfigStore extends EventEmitter {
  values = { currency: 'EUR', vatRate: 0.2 };
}

const config = new ConfigStore();

function handlePrice(request: { id: number; cents: number }): number {
  let vatRate = config.values.vatRate;
  const onReload = () => {
    vatRate = config.values.vatRate;
  };
  config.on('reload', onReload);
  try {
    return Math.round(request.cents * (1 + vatRate));
  } finally {
    config.off('reload', onReload);
  }
}

let total = 0;

export default {
  iteration(i) {
    total += handlePrice({ id: i, cents: 100 + (i % 50) });
  },
  metrics: () => ({ total, listeners: config.listenerCount('reload') }),
} satisfies Workload;
