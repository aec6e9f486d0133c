// A form-post handler. The audit trail keeps the session token of the last 1024 requests,
// so that abuse reports can be matched to sessions later.
import type { Workload } from '../../harness/contract.ts';
import { readBody } from './traffic.ts';

const AUDIT_WINDOW = 1024;
const auditTrail: string[] = new Array(AUDIT_WINDOW);
let next = 0;

function sessionToken(body: string): string {
  const start = body.indexOf('session=') + 'session='.length;
  const end = body.indexOf('&', start);
  return body.slice(start, end); // 16 characters, as a view: V8 keeps the whole body for it
}

let requests = 0;

export default {
  iteration(i) {
    const body = readBody(i);
    auditTrail[next] = sessionToken(body);
    next = (next + 1) % AUDIT_WINDOW;
    requests++;
  },
  // Entries actually kept (reduce skips the slots never filled).
  metrics: () => ({ requests, auditEntries: auditTrail.reduce((n, token) => n + (token === undefined ? 0 : 1), 0) }),
} satisfies Workload;
