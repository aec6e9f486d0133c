// Runs one variant until it dies under a memory cap, finishes its iterations, or reaches its
// time limit, and says which: the child under V8's heap limit, or watched from /proc and killed
// at a resident-memory cap. It finds the snapshot written near death; reading it is the caller's.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes } from '../text.ts';
import { classifyFailure, MEASURED_CHILD, runChild, TSX_LOADER, type RunningChild } from './child-runner.ts';
import type { ChildConfig, ChildMessage, ParentMessage, Sample } from './protocol.ts';
import { makeTempDir } from './supervise.ts';

/** A memory sample every this many iterations: a run to death makes hundreds of thousands. */
const SAMPLE_EVERY = 200;
/** Resident memory is read this often: a leak of MBs per second must not overshoot the cap by much. */
const RSS_POLL_MS = 50;
/** The near-death snapshot is asked for at this share of an RSS cap: before the kill, not after. */
const SNAPSHOT_AT = 0.9;
/** Writing the snapshot takes memory of its own: the cap is this much higher until it is written. */
const SNAPSHOT_ROOM = 1.5;

export interface OomCap {
  kind: 'heap' | 'rss';
  mb: number;
}

export interface DeathRun {
  verdict: 'oom' | 'survived' | 'timeout' | 'error';
  iterations: number;
  seconds: number;
  peak: { heapUsed: number; external: number; rss: number };
  message: string;
  timeline: Sample[];
  /** The samples of the timeline taken after a settle (early in the run, below `settleUntil`). */
  settled: Sample[];
  /** V8's heap_size_limit as the child reported it with its settled samples (before any raise near the limit). */
  heapSizeLimit: number | null;
  /**
   * Under a heap cap: the iteration in which Node raised V8's heap limit to write the near-death
   * snapshot, that is when the heap reached the cap; null when it did not.
   */
  capReachedAt: number | null;
  metrics: Record<string, number>;
  stderr: string;
  /** The snapshot written near death (by V8 at its heap limit, or on our request), or null. */
  snapshot: string | null;
  /** The iteration it was written at, when the child wrote it (V8 does not say). */
  snapshotIteration: number | null;
  /** The temporary folder of this run, the snapshot's: the caller removes it. */
  dir: string;
}

export function runToDeath(
  variantPath: string,
  cap: OomCap,
  maxIterations: number,
  timeLimitMs: number,
  onProgress: (iteration: number, rss: number) => void,
  settleUntil?: number,
): Promise<DeathRun> {
  const dir = makeTempDir('oomlab-oom-');
  const config: ChildConfig = { variantPath, warmup: 0, schedule: [], sampleEvery: SAMPLE_EVERY, snapshotDir: dir, trackAllocations: false, mode: 'oom', maxIterations, ...(settleUntil ? { settleUntil } : {}) };
  const execArgv = ['--expose-gc', '--import', TSX_LOADER];
  if (cap.kind === 'heap') execArgv.push(`--max-old-space-size=${cap.mb}`, '--heapsnapshot-near-heap-limit=1', `--diagnostic-dir=${dir}`);

  const timeline: Sample[] = [];
  const settled: Sample[] = [];
  let heapSizeLimit: number | null = null;
  const peak = { heapUsed: 0, external: 0, rss: 0 };
  let iteration = 0;
  let finished: Extract<ChildMessage, { type: 'finished' }> | null = null;
  let error: Extract<ChildMessage, { type: 'error' }> | null = null;
  let snapshotRequested: string | null = null;
  let snapshotWritten: { file: string; iteration: number } | null = null;
  let killedAtCap = false;
  let capReachedAt: number | null = null;
  const note = (rss: number): void => {
    peak.rss = Math.max(peak.rss, rss);
  };

  const onMessage = (message: ChildMessage): void => {
    if (message.type === 'sample') {
      timeline.push(message.sample);
      if (message.settled) {
        settled.push(message.sample);
        heapSizeLimit ??= message.settled.heapSizeLimit;
      }
      iteration = message.sample.iteration;
      peak.heapUsed = Math.max(peak.heapUsed, message.sample.heapUsed);
      peak.external = Math.max(peak.external, message.sample.external);
      note(message.sample.rss);
      onProgress(iteration, message.sample.rss);
    } else if (message.type === 'limit-raised') capReachedAt ??= message.iteration;
    else if (message.type === 'snapshot-written') snapshotWritten = { file: message.file, iteration: message.iteration };
    else if (message.type === 'finished') finished = message;
    else if (message.type === 'error') error = message;
  };

  // The container's view: resident memory, read from /proc where there is one.
  const capBytes = cap.mb * 1024 * 1024;
  const check = (child: RunningChild<ParentMessage>): void => {
    const rss = residentBytes(child.pid) ?? timeline[timeline.length - 1]?.rss ?? 0;
    note(rss);
    if (cap.kind !== 'rss') return;
    if (!snapshotRequested && rss >= capBytes * SNAPSHOT_AT) {
      snapshotRequested = join(dir, 'near-death.heapsnapshot');
      child.send({ type: 'snapshot-now', file: snapshotRequested });
    }
    // Writing the snapshot takes memory of its own: allow it some room before the kill.
    const limit = snapshotRequested && !snapshotWritten ? capBytes * SNAPSHOT_ROOM : capBytes;
    if (rss >= limit && !killedAtCap) {
      killedAtCap = true;
      child.kill();
    }
  };

  const run = runChild<ChildMessage, ParentMessage>({
    start: { fork: MEASURED_CHILD, execArgv },
    args: [JSON.stringify(config)],
    timeLimitMs,
    onMessage,
    watch: { everyMs: RSS_POLL_MS, check },
  });
  return run.then((outcome): DeathRun => {
    const { code, stderr, seconds } = outcome;
    const failure = classifyFailure(outcome, error);
    let verdict: DeathRun['verdict'];
    let message: string;
    if (finished && code === 0) {
      verdict = 'survived';
      iteration = finished.iteration;
      message = `completed ${iteration} iterations under the cap, peak ${formatBytes(peak.rss)} resident`;
    } else if (failure.outOfMemory !== null) {
      verdict = 'oom';
      message = `V8: ${failure.outOfMemory}`;
    } else if (killedAtCap) {
      verdict = 'oom';
      message = `killed at ${formatBytes(peak.rss)} resident (cap ${cap.mb} MiB), as a container's OOM killer would (SIGKILL)`;
    } else if (outcome.timedOut) {
      verdict = 'timeout';
      message = `neither died nor finished within ${(timeLimitMs / 1000).toFixed(0)} s (at iteration ${iteration})`;
    } else {
      verdict = 'error';
      message = failure.threw ?? failure.ended;
    }
    return {
      verdict,
      iterations: iteration,
      seconds,
      peak,
      message,
      timeline,
      settled,
      heapSizeLimit,
      capReachedAt,
      metrics: finished?.metrics ?? {},
      stderr,
      snapshot: snapshotWritten?.file ?? findSnapshot(dir),
      snapshotIteration: snapshotWritten?.iteration ?? null,
      dir,
    };
  });
}

function findSnapshot(dir: string): string | null {
  const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot'));
  return file ? join(dir, file) : null;
}

/** Resident memory of a process in bytes, from /proc (Linux); null elsewhere. */
function residentBytes(pid: number | undefined): number | null {
  if (!pid || !existsSync(`/proc/${pid}/status`)) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
