// `oomlab serve`: is this HTTP server leaking? The server runs unmodified (run/run-server.ts)
// and is judged exactly as a workload is (run-workload.ts): the same evidence, verdict,
// culprit, holder, shape sentence and budget, with one request as one iteration.

import { dirname, resolve } from 'node:path';
import { CASE_DEFAULTS } from '../contract.ts';
import { failureWords, type LoadStats, type RequestSpec } from '../run/http-load.ts';
import { checkServerEntry, runServer, ServerSetupError } from '../run/run-server.ts';
import { removeTempDir } from '../run/supervise.ts';
import { isOutOfMemory } from '../run/child-runner.ts';
import { measureGrowth, type Growth } from '../verdict/growth.ts';
import { judgeGrowth, type Judgement } from '../verdict/verdict.ts';
import { sampleEveryFor, variantResult } from './run-case.ts';
import { heldToBudget, type WorkloadResult } from './run-workload.ts';

export { ServerSetupError };

export interface ServeOptions {
  requests: RequestSpec[];
  concurrency?: number;
  /** Requests per measured interval (four intervals). */
  iterations?: number;
  warmup?: number;
  port?: number;
  timeLimitMs?: number;
  listenTimeoutMs?: number;
  budget?: number;
  /** The server's --max-old-space-size, in MiB. */
  maxOldSpaceMb?: number;
  onProgress?: (phase: string, iteration: number, total: number) => void;
}

/** A served server's judgement: a workload's, per request, with how the requests went. */
export interface ServeResult extends Omit<WorkloadResult, 'workload'> {
  /** The server entry's absolute path. */
  server: string;
  unit: 'request';
  port: number | null;
  requests: LoadStats & { specs: string[]; concurrency: number };
}

export const SERVE_DEFAULTS = { iterations: 200, warmup: 100, concurrency: 4, timeLimitMs: 120_000, listenTimeoutMs: 15_000 };

/**
 * More than this share of failed requests and the run proves nothing about the server's
 * normal work: it cannot be judged (a few failures are reported beside the verdict).
 */
const FAILED_SHARE_LIMIT = 0.5;

export async function runServe(path: string, options: ServeOptions): Promise<ServeResult> {
  const server = resolve(path);
  checkServerEntry(server, path);
  if (options.budget !== undefined && !(Number.isFinite(options.budget) && options.budget >= 0)) {
    throw new ServerSetupError(`budget must be a number of bytes per request, not ${String(options.budget)}`);
  }
  const iterations = options.iterations ?? SERVE_DEFAULTS.iterations;
  const concurrency = options.concurrency ?? SERVE_DEFAULTS.concurrency;
  const serverOptions = {
    entry: server,
    requests: options.requests,
    concurrency,
    warmup: options.warmup ?? SERVE_DEFAULTS.warmup,
    iterations,
    sampleEvery: sampleEveryFor(CASE_DEFAULTS.sampleEvery, iterations),
    port: options.port,
    timeLimitMs: options.timeLimitMs ?? SERVE_DEFAULTS.timeLimitMs,
    listenTimeoutMs: options.listenTimeoutMs ?? SERVE_DEFAULTS.listenTimeoutMs,
    maxOldSpaceMb: options.maxOldSpaceMb,
    onProgress: options.onProgress,
  };
  let run = await runServer(serverOptions);
  // PORT is a port that was free when we looked: another process may take it before the
  // server binds it, and the server dies at start (EADDRINUSE). Then another port, twice at most.
  for (let retry = 0; retry < 2 && options.port === undefined && run.status === 'crash' && run.port === null && /EADDRINUSE/.test(run.stderr); retry++) {
    removeTempDir(run.snapshotDir);
    run = await runServer(serverOptions);
  }
  if (run.status === 'crash' && isOutOfMemory(run.stderr)) run.status = 'oom';
  const failed = run.load.sent - run.load.ok;
  if (run.status === 'ok' && run.load.sent > 0 && failed / run.load.sent > FAILED_SHARE_LIMIT) {
    run.status = 'error';
    run.snapshots = null;
    run.failure = { message: `${failed} of ${run.load.sent} requests failed (${failureWords(run.load)}): a server that fails its requests cannot be judged` };
  }
  let growth: Growth | undefined;
  let judgement: Judgement | null = null;
  try {
    if (run.status === 'ok' && run.snapshots) {
      options.onProgress?.('analysis', 0, 0);
      growth = await measureGrowth(run.snapshots, run.timeline.slice(0), run.schedule, { caseDir: dirname(server) });
      judgement = judgeGrowth(growth);
    }
  } finally {
    removeTempDir(run.snapshotDir);
  }
  const { expected: _expected, ...result } = variantResult(run, 'clean', iterations, growth, judgement);
  return {
    server,
    unit: 'request',
    ...result,
    ...heldToBudget(result, options.budget),
    port: run.port,
    requests: { ...run.load, specs: options.requests.map((r) => `${r.method} ${r.path}`), concurrency },
    run: { node: process.version, platform: `${process.platform}-${process.arch}`, date: new Date().toISOString() },
  };
}

