// A job runner that keeps an audit record of every tenth job (the sampled ones) in
// `auditTrail`, and never ships or trims it: one ~160-byte object every ten iterations,
// about 16 bytes per iteration (issue 20's slowest leak).
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

export default {
  iteration(i) {
    done++;
    if (i % 10 !== 0) return;
    auditTrail.push({ job: i, worker: i % 4, queuedAt: i * 3, startedAt: i * 3 + 1, finishedAt: i * 3 + 2, attempts: 1, status: 200, shard: i % 16, bytesIn: 512, bytesOut: 2048, priority: i % 3, flags: 0, region: i % 5, retries: 0, exitCode: 0, costMillis: i % 97 });
  },
  metrics: () => ({ done, audited: auditTrail.length }),
} satisfies Workload;
