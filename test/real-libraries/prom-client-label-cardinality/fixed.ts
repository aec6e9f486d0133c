// prom-client@15.1.3: the request counter labelled with the route template ('/users/:id/profile')
// instead of the raw path, so the label sets stay few and the counter stops growing.
import { Counter, Registry } from 'prom-client';
import type { Workload } from '../../../harness/contract.ts';

const registry = new Registry(); // the service's registry, scraped on /metrics
const httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });

function handle(method: string, path: string): number {
  const status = path.endsWith('/0') ? 404 : 200;
  const route = path.replace(/^\/users\/\d+\//, '/users/:id/');
  httpRequests.inc({ method, route, status });
  return status;
}

let served = 0;

export default {
  iteration(i) {
    if (handle('GET', `/users/${10_000 + i}/profile`) === 200) served++;
  },
  metrics: () => ({ served }),
} satisfies Workload;
