// Trap (not a leak): prom-client@15.1.3 histogram labelled by method, route template and
// status class: 3 × 4 × 3 label sets at most, all seen in the first few hundred requests, then
// only their counts change. Warms up, then plateaus.
import { Histogram, Registry } from 'prom-client';
import type { Workload } from '../../../harness/contract.ts';

const registry = new Registry();
const latency = new Histogram({ name: 'http_request_duration_seconds', help: 'latency', labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.05, 0.5, 5], registers: [registry] });

const METHODS = ['GET', 'POST', 'DELETE'];
const ROUTES = ['/users/:id', '/orders/:id', '/health', '/search'];
const STATUSES = ['2xx', '4xx', '5xx'];

export default {
  iteration(i) {
    latency.observe({ method: METHODS[i % 3]!, route: ROUTES[(i >> 2) % 4]!, status: STATUSES[(i * 7) % 3]! }, (i % 100) / 1000);
  },
} satisfies Workload;
