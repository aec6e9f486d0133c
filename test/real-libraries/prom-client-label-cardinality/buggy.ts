// prom-client@15.1.3: a request counter labelled with the raw request path, which carries the
// user id, so every user becomes a new time series that the counter keeps forever.
// Reported: Prometheus docs, "Metric and label naming" (prometheus.io/docs/practices/naming/):
// "Do not use labels to store dimensions with high cardinality (many different label values),
// such as user IDs, email addresses, or other unbounded sets of values."
// prom-client keeps one entry per label set in the metric's `hashMap` (a plain object).
import { Counter, Registry } from 'prom-client';
import type { Workload } from '../../../harness/contract.ts';

const registry = new Registry(); // the service's registry, scraped on /metrics
const httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'path', 'status'], registers: [registry] });

function handle(method: string, path: string): number {
  const status = path.endsWith('/0') ? 404 : 200;
  httpRequests.inc({ method, path, status }); // path = '/users/48213/profile'
  return status;
}

let served = 0;

export default {
  iteration(i) {
    if (handle('GET', `/users/${10_000 + i}/profile`) === 200) served++;
  },
  metrics: () => ({ served }),
} satisfies Workload;
