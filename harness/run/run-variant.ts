// Runs one variant in a fresh child process and collects what it reports. The parent never
// hangs or crashes on the child's account: a child that throws, outlives its time limit or
// runs out of memory is reported as exactly that.

import { dirname, resolve as resolvePath } from 'node:path';
import type { ChildConfig, ChildMessage, Phase, Sample } from './protocol.ts';
import { classifyFailure, MEASURED_CHILD, runChild, TSX_LOADER } from './child-runner.ts';
import { makeTempDir } from './supervise.ts';
import { INTERVALS } from '../contract.ts';

export type RunFailure = 'error' | 'timeout' | 'oom' | 'crash';

export interface VariantRun {
  status: 'ok' | RunFailure;
  /** The temporary folder this run made for its snapshots: the caller removes it. */
  snapshotDir: string;
  /** Paths of s0..s<intervals>, in order, when every one was written. */
  snapshots: string[] | null;
  snapshotIterations: number[];
  /** Iterations in each measured interval. */
  schedule: number[];
  /** Seconds spent in the measured iterations themselves (no settles, samples or snapshots). */
  iterationSeconds: number;
  timeline: Sample[];
  metrics: Record<string, number>;
  stdout: string;
  stderr: string;
  seconds: number;
  /** For failures: what happened, one line, and where (for errors, the workload's stack). */
  failure?: { message: string; stack?: string };
  /** The iteration reached when the run ended. */
  iteration: number;
  /** Source maps of the case's modules, by file URL (with allocation tracking). */
  sourceMaps: Record<string, unknown>;
  /** V8's heap limit of the measured process (heap_size_limit), when it reported it. */
  heapLimit: number | null;
}

export interface RunOptions {
  variantPath: string;
  warmup: number;
  /** Iterations per measured interval (snapshots are taken before and after each)... */
  iterations: number;
  /** ...in INTERVALS intervals, unless the schedule says otherwise: the iterations of each. */
  schedule?: number[];
  sampleEvery: number;
  timeLimitMs: number;
  maxOldSpaceMb?: number;
  trackAllocations?: boolean;
  onProgress?: (phase: Phase | 'progress', iteration: number, total: number) => void;
}

export function runVariant(options: RunOptions): Promise<VariantRun> {
  const snapshotDir = makeTempDir('oomlab-');
  const schedule = options.schedule ?? Array.from({ length: INTERVALS }, () => options.iterations);
  const intervals = schedule.length;
  const config: ChildConfig = {
    variantPath: options.variantPath,
    warmup: options.warmup,
    schedule,
    sampleEvery: options.sampleEvery,
    snapshotDir,
    trackAllocations: options.trackAllocations ?? false,
  };
  const execArgv = ['--expose-gc', '--import', TSX_LOADER];
  if (options.maxOldSpaceMb) execArgv.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
  if (options.trackAllocations) execArgv.push('--enable-source-maps');
  const total = options.warmup + schedule.reduce((a, b) => a + b, 0);

  const snapshots: string[] = [];
  const snapshotIterations: number[] = [];
  let done: Extract<ChildMessage, { type: 'done' }> | null = null;
  let error: Extract<ChildMessage, { type: 'error' }> | null = null;
  let iteration = 0;

  const onMessage = (message: ChildMessage): void => {
    switch (message.type) {
      case 'phase':
        iteration = message.iteration;
        options.onProgress?.(message.phase, message.iteration, total);
        break;
      case 'progress':
        iteration = message.iteration;
        options.onProgress?.('progress', message.iteration, total);
        break;
      case 'snapshot':
        // The child names its files; only ours, in the folder we made, are believed.
        if (!Number.isInteger(message.index) || message.index < 0 || message.index > intervals) break;
        if (typeof message.file !== 'string' || dirname(resolvePath(message.file)) !== snapshotDir) break;
        snapshots[message.index] = resolvePath(message.file);
        snapshotIterations.push(message.iteration);
        options.onProgress?.('snapshot', message.iteration, total);
        break;
      case 'done':
        done = message;
        break;
      case 'error':
        error = message;
        break;
    }
  };

  const run = runChild<ChildMessage>({
    start: { fork: MEASURED_CHILD, execArgv },
    args: [JSON.stringify(config)],
    timeLimitMs: options.timeLimitMs,
    onMessage,
  });
  return run.then((outcome): VariantRun => {
    const { code, stdout, stderr, seconds } = outcome;
    const base = {
      snapshotDir,
      snapshots: snapshots.length === intervals + 1 && Array.from(snapshots).every(Boolean) ? snapshots : null,
      snapshotIterations,
      schedule,
      iterationSeconds: done?.iterationSeconds ?? 0,
      timeline: done?.timeline ?? [],
      metrics: done?.metrics ?? {},
      sourceMaps: done?.sourceMaps ?? {},
      heapLimit: typeof done?.heapLimit === 'number' ? done.heapLimit : null,
      stdout,
      stderr,
      seconds,
      iteration,
    };
    if (done && code === 0 && base.snapshots) return { ...base, status: 'ok' };
    if (done && code === 0) {
      // A run without its snapshots proves nothing: never let it pass as clean.
      return { ...base, status: 'error', failure: { message: `the child finished without writing its ${intervals + 1} snapshots` } };
    }
    if (outcome.timedOut) {
      return {
        ...base,
        status: 'timeout',
        failure: { message: `did not finish within ${(options.timeLimitMs / 1000).toFixed(0)} s (stopped at iteration ${iteration} of ${total})` },
      };
    }
    const failure = classifyFailure(outcome, error);
    if (failure.outOfMemory !== null) {
      return { ...base, status: 'oom', failure: { message: `ran out of memory at iteration ${iteration}: ${failure.outOfMemory}` } };
    }
    if (error && failure.threw) return { ...base, status: 'error', failure: { message: failure.threw, stack: error.stack } };
    return { ...base, status: 'crash', failure: { message: `${failure.ended} at iteration ${iteration}` } };
  });
}
