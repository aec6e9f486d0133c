// A pricing handler that re-reads its settings when the config reloads. Every request adds
// a 'reload' listener to the long-lived `config` and never removes it.
import { EventEmitter } from 'node:events';
import type { Workload } from '../../../harness/contract.ts';

class ConfigStore extends EventEmitter {
  values = { currency: 'EUR', vatRate: 0.2 };
}

const config = new ConfigStore();
config.setMaxListeners(0); // someone silenced the "possible EventEmitter memory leak" warning

function handlePrice(request: { id: number; cents: number }): number {
  let vatRate = config.values.vatRate;
  config.on('reload', () => {
    vatRate = config.values.vatRate; // this closure and its context stay in config._events.reload
  });
  return Math.round(request.cents * (1 + vatRate));
}

let total = 0;

export default {
  iteration(i) {
    total += handlePrice({ id: i, cents: 100 + (i % 50) });
  },
  metrics: () => ({ total, listeners: config.listenerCount('reload') }),
} satisfies Workload;
