// A job runner that keeps an audit record of every tenth job, and ships the trail to the
// audit sink once 50 records are pending, so `auditTrail` never holds more than 50.
import type { Workload } from '../../../harness/contract.ts';

interface AuditRecord {
  job: number;
  worker: number;
  queuedAt: number;
  startedAt: number;
  finishedAt: number;
  attempts: number;
  status: number;
  shard: number;
  bytesIn: number;
  bytesOut: number;
  priority: number;
  flags: number;
  region: number;
  retries: number;
  exitCode: number;
  costMillis: number;
}

const auditTrail: AuditRecord[] = [];
let done = 0;
let shipped = 0;

function ship(records: AuditRecord[]): void {
  shipped += records.length; // the audit sink takes the batch
}

export default {
  iteration(i) {
    done++;
    if (i % 10 !== 0) return;
    auditTrail.push({ job: i, worker: i % 4, queuedAt: i * 3, startedAt: i * 3 + 1, finishedAt: i * 3 + 2, attempts: 1, status: 200, shard: i % 16, bytesIn: 512, bytesOut: 2048, priority: i % 3, flags: 0, region: i % 5, retries: 0, exitCode: 0, costMillis: i % 97 });
    if (auditTrail.length >= 50) ship(auditTrail.splice(0));
  },
  metrics: () => ({ done, audited: auditTrail.length, shipped }),
} satisfies Workload;
