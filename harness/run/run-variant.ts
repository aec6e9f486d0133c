// Runs one variant in a fresh child process and collects what it reports. The parent never
// hangs or crashes on the child's account: a child that throws, outlives its time limit or
// runs out of memory is reported as exactly that.

import { fork } from 'node:child_process';
import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildConfig, ChildMessage, Phase, Sample } from './protocol.ts';
import { makeTempDir, supervise } from './supervise.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
/** The TypeScript loader for children, resolved once: it must not depend on their working directory. */
export const TSX_LOADER = import.meta.resolve('tsx');
/**
 * Measured intervals per run. Five snapshots where the heap is small cost little, and four
 * intervals let the verdict see a trend and outvote one odd interval (two could not).
 */
export const INTERVALS = 4;
/** Kept of the child's stdout and stderr: the tail, since warnings repeat. */
const OUTPUT_LIMIT = 64 * 1024;

export type RunFailure = 'error' | 'timeout' | 'oom' | 'crash';

export interface VariantRun {
  status: 'ok' | RunFailure;
  /** The temporary folder this run made for its snapshots: the caller removes it. */
  snapshotDir: string;
  /** Paths of s0..s<intervals>, in order, when every one was written. */
  snapshots: string[] | null;
  snapshotIterations: number[];
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
}

export interface RunOptions {
  variantPath: string;
  warmup: number;
  iterations: number;
  sampleEvery: number;
  /** Measured intervals (snapshots are taken before and after each). */
  intervals?: number;
  timeLimitMs: number;
  maxOldSpaceMb?: number;
  trackAllocations?: boolean;
  onProgress?: (phase: Phase | 'progress', iteration: number, total: number) => void;
}

export function runVariant(options: RunOptions): Promise<VariantRun> {
  const snapshotDir = makeTempDir('oomlab-');
  const intervals = options.intervals ?? INTERVALS;
  const config: ChildConfig = {
    variantPath: options.variantPath,
    warmup: options.warmup,
    iterations: options.iterations,
    sampleEvery: options.sampleEvery,
    intervals,
    snapshotDir,
    trackAllocations: options.trackAllocations ?? false,
  };
  const execArgv = ['--expose-gc', '--import', TSX_LOADER];
  if (options.maxOldSpaceMb) execArgv.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
  if (options.trackAllocations) execArgv.push('--enable-source-maps');
  const total = options.warmup + intervals * options.iterations;
  const started = performance.now();

  return new Promise((resolve) => {
    const child = fork(CHILD, [JSON.stringify(config)], {
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '' },
      detached: true, // a process group of its own: see supervise.ts
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout = tail(stdout + chunk.toString('utf8'))));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = tail(stderr + chunk.toString('utf8'))));

    const snapshots: string[] = [];
    const snapshotIterations: number[] = [];
    let done: Extract<ChildMessage, { type: 'done' }> | null = null;
    let error: Extract<ChildMessage, { type: 'error' }> | null = null;
    let iteration = 0;
    let timedOut = false;

    child.on('message', (message: ChildMessage) => {
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
    });

    let kill = (): void => void child.kill('SIGKILL');
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeLimitMs);

    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const base = {
        snapshotDir,
        snapshots: snapshots.length === intervals + 1 && Array.from(snapshots).every(Boolean) ? snapshots : null,
        snapshotIterations,
        timeline: done?.timeline ?? [],
        metrics: done?.metrics ?? {},
        sourceMaps: done?.sourceMaps ?? {},
        stdout,
        stderr,
        seconds: (performance.now() - started) / 1000,
        iteration,
      };
      if (done && code === 0 && base.snapshots) return resolve({ ...base, status: 'ok' });
      if (done && code === 0) {
        // A run without its snapshots proves nothing: never let it pass as clean.
        return resolve({ ...base, status: 'error', failure: { message: `the child finished without writing its ${intervals + 1} snapshots` } });
      }
      if (timedOut) {
        return resolve({
          ...base,
          status: 'timeout',
          failure: { message: `did not finish within ${(options.timeLimitMs / 1000).toFixed(0)} s (stopped at iteration ${iteration} of ${total})` },
        });
      }
      if (isOutOfMemory(stderr)) {
        return resolve({
          ...base,
          status: 'oom',
          failure: { message: `ran out of memory at iteration ${iteration}: ${oomLine(stderr)}` },
        });
      }
      if (error) {
        return resolve({ ...base, status: 'error', failure: { message: `threw in ${error.where}: ${error.message}`, stack: error.stack } });
      }
      const how = spawnError ? spawnError.message : signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve({ ...base, status: 'crash', failure: { message: `the child ${how} at iteration ${iteration}` } });
    };
    child.on('error', (spawnError) => finish(null, null, spawnError));
    // Output complete, or the child's group dead and its pipes given up on.
    kill = supervise(child, (code, signal) => finish(code, signal));
  });
}

function tail(text: string): string {
  return text.length > OUTPUT_LIMIT ? text.slice(text.length - OUTPUT_LIMIT) : text;
}

export function isOutOfMemory(stderr: string): boolean {
  return /JavaScript heap out of memory|Reached heap limit|Allocation failed - process out of memory|Array buffer allocation failed/.test(stderr);
}

function oomLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => /out of memory|heap limit|allocation failed/i.test(l)) ?? '';
  return line.replace(/^.*?(FATAL ERROR: )/, '$1').trim();
}
