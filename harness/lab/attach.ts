// `oomlab attach`: a process already running, which must not be restarted. Through its
// inspector (run/attach.ts), settle it and take a snapshot, then run the user's --drive
// command (a load generator, a test script) or wait --every, and again, N rounds; judged by
// the same evidence and verdict as a workload, one round as one iteration, and per minute.

import { join } from 'node:path';
import type { Sample } from '../run/protocol.ts';
import { attachToAddress, attachToPid, detach, type AttachedProcess } from '../run/attach.ts';
import { runChild } from '../run/child-runner.ts';
import { HEAP_LIMIT_EXPRESSION, readHeapLimit } from '../run/heap-limit.ts';
import { makeTempDir, removeTempDir } from '../run/supervise.ts';
import { measureGrowth, type Growth } from '../verdict/growth.ts';
import { judgeGrowth, type Judgement } from '../verdict/verdict.ts';
import type { VariantRun } from '../run/run-variant.ts';
import { variantResult } from './run-case.ts';
import type { WorkloadResult } from './run-workload.ts';

export type AttachTarget = { pid: number } | { host: string; port: number };

export interface AttachOptions {
  /** A shell command run to its end between snapshots. */
  drive?: string;
  /** Or a wait between snapshots, in milliseconds. */
  everyMs?: number;
  /** Rounds (snapshots are one more). */
  rounds?: number;
  /** The time limit of one --drive run. */
  driveTimeLimitMs?: number;
  /** Told once the inspector is open: the caller warns the user (it is an exposure while it runs). */
  onAttached?: (attached: { pid: number; address: string; opened: boolean }) => void;
  onProgress?: (phase: string, round: number, total: number) => void;
}

export interface AttachResult extends Omit<WorkloadResult, 'workload'> {
  pid: number;
  inspector: { address: string; openedByOomlab: boolean; closed: boolean };
  unit: 'round';
  rounds: number;
  /** The growth per minute, from the rounds' wall-clock times. */
  bytesPerMinute: number | null;
  /** For a leak: minutes until the heap limit, at the measured rate and the rounds' pace. */
  minutesToLimit: number | null;
  /** The drive command, or the wait. */
  between: string;
}

/** The pause before each snapshot. */
const SETTLE_MS = 200;

export const ATTACH_DEFAULTS = { rounds: 4, driveTimeLimitMs: 600_000 };

/** A round's work failed (the drive command exited non-zero): one line. */
export class AttachError extends Error {}

const MEMORY_USAGE = `(() => { const u = process.memoryUsage(); return [u.heapUsed, u.external, u.arrayBuffers, u.rss]; })()`;

/** Whoever stops the run (Ctrl-C, SIGTERM) must still close the inspector we opened. */
let active: AttachedProcess | null = null;
export async function detachActive(): Promise<void> {
  const attached = active;
  active = null;
  if (attached) await detach(attached).catch(() => undefined);
}

export async function runAttach(target: AttachTarget, options: AttachOptions): Promise<AttachResult> {
  const rounds = options.rounds ?? ATTACH_DEFAULTS.rounds;
  if (!options.drive === (options.everyMs === undefined)) throw new AttachError('give either --drive "<command>" or --every <duration>');
  const attached = 'pid' in target ? await attachToPid(target.pid) : await attachToAddress(target.host, target.port);
  active = attached;
  options.onAttached?.({ pid: attached.pid, address: attached.address, opened: attached.opened });
  const { session } = attached;
  const dir = makeTempDir('oomlab-');
  const snapshots: string[] = [];
  const snapshotIterations: number[] = [];
  const timeline: Sample[] = [];
  const times: number[] = [];
  const started = performance.now();
  let failure: { message: string } | undefined;
  let status: VariantRun['status'] = 'ok';
  let heapLimit: number | null = null;
  let closed = false;
  let growth: Growth | undefined;
  let judgement: Judgement | null = null;
  let driveOutput = { stdout: '', stderr: '' };
  try {
    try {
      heapLimit = readHeapLimit(await session.evaluate<unknown>(HEAP_LIMIT_EXPRESSION))?.limit ?? null;
      for (let round = 0; round <= rounds; round++) {
        if (round > 0) {
          options.onProgress?.(options.drive ? 'driving' : 'waiting', round, rounds);
          if (options.drive) {
            const outcome = await runChild({ start: { spawn: '/bin/sh' }, args: ['-c', options.drive], timeLimitMs: options.driveTimeLimitMs ?? ATTACH_DEFAULTS.driveTimeLimitMs });
            driveOutput = { stdout: outcome.stdout, stderr: outcome.stderr };
            if (outcome.spawnError || outcome.timedOut || outcome.code !== 0) {
              throw new AttachError(
                `the --drive command ${outcome.timedOut ? 'did not finish in time' : outcome.spawnError ? `could not start: ${outcome.spawnError.message}` : outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`} in round ${round}`,
              );
            }
          } else {
            await new Promise((resolve) => setTimeout(resolve, options.everyMs));
          }
        }
        options.onProgress?.('snapshot', round, rounds);
        // Let the process finish what the drive's last requests started (closing sockets,
        // callbacks due now) without running any code of ours in it; then collect.
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        await session.collectGarbage();
        const [heapUsed, external, arrayBuffers, rss] = await session.evaluate<number[]>(MEMORY_USAGE);
        timeline.push({ iteration: round, heapUsed, external, arrayBuffers, rss });
        const file = join(dir, `s${round}.heapsnapshot`);
        await session.takeHeapSnapshot(file);
        snapshots.push(file);
        snapshotIterations.push(round);
        times.push(performance.now());
      }
    } catch (error) {
      status = 'error';
      failure = { message: error instanceof Error ? error.message.split('\n')[0] : String(error) };
    }
    active = null;
    closed = await detach(attached);
    if (status === 'ok') {
      options.onProgress?.('analysis', rounds, rounds);
      // One iteration per round.
      growth = await measureGrowth(snapshots, timeline, snapshots.slice(1).map(() => 1), {});
      judgement = judgeGrowth(growth);
    }
  } finally {
    await detachActive();
    removeTempDir(dir);
  }
  const run: VariantRun = {
    status,
    snapshotDir: dir,
    snapshots: status === 'ok' ? snapshots : null,
    snapshotIterations,
    schedule: snapshots.slice(1).map(() => 1),
    iterationSeconds: 0,
    timeline,
    metrics: {},
    sourceMaps: {},
    stdout: driveOutput.stdout,
    stderr: driveOutput.stderr,
    seconds: (performance.now() - started) / 1000,
    iteration: snapshotIterations.at(-1) ?? 0,
    heapLimit,
    ...(failure ? { failure } : {}),
  };
  const { expected: _expected, ...result } = variantResult(run, 'clean', 1, growth, judgement);
  const minutesPerRound = times.length > 1 ? (times.at(-1)! - times[0]) / (times.length - 1) / 60_000 : 0;
  return {
    pid: attached.pid,
    inspector: { address: attached.address, openedByOomlab: attached.opened, closed },
    unit: 'round',
    rounds,
    ...result,
    bytesPerMinute: result.bytesPerIteration !== null && minutesPerRound > 0 ? result.bytesPerIteration / minutesPerRound : null,
    minutesToLimit: result.forecast?.iterationsToLimit != null && minutesPerRound > 0 ? result.forecast.iterationsToLimit * minutesPerRound : null,
    between: options.drive ?? `${(options.everyMs ?? 0) / 1000} s`,
    ok: result.verdict === 'clean',
    run: { node: process.version, platform: `${process.platform}-${process.arch}`, date: new Date().toISOString() },
  };
}
