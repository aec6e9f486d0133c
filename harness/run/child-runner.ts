// Starts one child process and sees it to its end: in a process group of its own (supervise.ts),
// the tails of its output kept, a time limit, an optional watch, its IPC messages handed on.
// Also owns the words for how a child failed, shared by the measured and the OOM runs, and
// where the children's scripts and their TypeScript loader are.

import { fork, spawn, type ChildProcess, type Serializable } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { supervise } from './supervise.ts';

/** The TypeScript loader for children, resolved once: it must not depend on their working directory. */
export const TSX_LOADER = import.meta.resolve('tsx');
/** The measured child: the snapshot protocol, and OOM mode. */
// Beside this module, in its language: the package's built JavaScript or the checkout's TypeScript.
const OWN_EXTENSION = import.meta.url.endsWith('.js') ? '.js' : '.ts';
export const MEASURED_CHILD = fileURLToPath(new URL(`./child${OWN_EXTENSION}`, import.meta.url));
/** The workload under a profiler. */
export const PROFILE_CHILD = fileURLToPath(new URL(`./profile-child${OWN_EXTENSION}`, import.meta.url));
/** Kept of a child's stdout and of its stderr: the tail, since warnings repeat. */
export const OUTPUT_TAIL = 64 * 1024;

/** What a message handler or a watch may do with the running child. */
export interface RunningChild<Out> {
  readonly pid: number | undefined;
  /** Over the IPC channel; dropped once the channel is closed (the child is gone). */
  send(message: Out): void;
  /** Kills the child's whole process group. */
  kill(): void;
}

export interface ChildOptions<In, Out> {
  /** A Node script forked with an IPC channel, or a command spawned without one. */
  start: { fork: string; execArgv: string[] } | { spawn: string };
  args: string[];
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** Then the child's group is killed, and the outcome says `timedOut`. */
  timeLimitMs: number;
  /** Characters kept of stdout and of stderr (OUTPUT_TAIL unless said). */
  outputTail?: number;
  /** stdout and stderr in one tail, in the order they came, reported as `stdout`. */
  mergeOutput?: boolean;
  onMessage?: (message: In, child: RunningChild<Out>) => void;
  /** Called once the child is started: for callers that drive it from outside (a served server). */
  onStart?: (child: RunningChild<Out>) => void;
  /** Every chunk of output as it comes (the tails are kept regardless). */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Called every `everyMs` while the child runs (a memory cap). */
  watch?: { everyMs: number; check: (child: RunningChild<Out>) => void };
}

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed at the time limit. */
  timedOut: boolean;
  /** The child could not be started (or its process failed in a way Node reports as an error). */
  spawnError?: Error;
  stdout: string;
  stderr: string;
  seconds: number;
}

/**
 * Runs a child to its end; resolves once, when its output is complete (supervise.ts) or it
 * could not be started. Never rejects: how the child ended is the caller's to judge.
 */
export function runChild<In = never, Out extends Serializable = never>(options: ChildOptions<In, Out>): Promise<ChildOutcome> {
  const limit = options.outputTail ?? OUTPUT_TAIL;
  // The parent's NODE_OPTIONS (a loader, a heap size of its own) never reach the child: its
  // flags are the ones given here.
  const env = { ...process.env, ...options.env, NODE_OPTIONS: '' };
  const started = performance.now();

  return new Promise((resolve) => {
    // A process group of its own: see supervise.ts.
    const child: ChildProcess =
      'fork' in options.start
        ? fork(options.start.fork, options.args, { execArgv: options.start.execArgv, cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true })
        : spawn(options.start.spawn, options.args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    const keep = (text: string, chunk: Buffer): string => {
      const joined = text + chunk.toString('utf8');
      return joined.length > limit ? joined.slice(joined.length - limit) : joined;
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout = keep(stdout, chunk);
      options.onOutput?.('stdout', chunk.toString('utf8'));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (options.mergeOutput) stdout = keep(stdout, chunk);
      else stderr = keep(stderr, chunk);
      options.onOutput?.('stderr', chunk.toString('utf8'));
    });

    let killGroup = (): void => void child.kill('SIGKILL');
    const running: RunningChild<Out> = {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        // With a callback, a channel closed under us is an error passed to it, not an 'error' event.
        if (child.connected) child.send(message, () => undefined);
      },
      kill: () => killGroup(),
    };
    const { onMessage, watch } = options;
    if (onMessage) child.on('message', (message) => onMessage(message as In, running));

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      running.kill();
    }, options.timeLimitMs);
    const watching = watch ? setInterval(() => watch.check(running), watch.everyMs) : undefined;

    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watching);
      const seconds = (performance.now() - started) / 1000;
      resolve({ code, signal, timedOut, ...(spawnError ? { spawnError } : {}), stdout, stderr, seconds });
    };
    child.on('error', (spawnError) => finish(null, null, spawnError));
    // Output complete, or the child's group dead and its pipes given up on.
    killGroup = supervise(child, (code, signal) => finish(code, signal));
    if (child.pid !== undefined) options.onStart?.(running);
  });
}

/** An exception the child reported over IPC before it ended. */
export interface ReportedError {
  where: string;
  message: string;
}

/** How a child that did not finish ended, in the words of both the measured and the OOM runs. */
export interface Failure {
  /** The line saying it ran out of memory (from "FATAL ERROR:" on), or null when it did not. */
  outOfMemory: string | null;
  /** "threw in <where>: <message>", when the child reported an exception. */
  threw: string | null;
  /** "the child was killed by SIGKILL", "the child exited with code 1", or why it could not start. */
  ended: string;
}

export function classifyFailure(outcome: ChildOutcome, error: ReportedError | null): Failure {
  const how = outcome.spawnError ? outcome.spawnError.message : outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
  return {
    outOfMemory: isOutOfMemory(outcome.stderr) ? oomLine(outcome.stderr) : null,
    threw: error ? `threw in ${error.where}: ${error.message}` : null,
    ended: `the child ${how}`,
  };
}

export function isOutOfMemory(stderr: string): boolean {
  return /JavaScript heap out of memory|Reached heap limit|Allocation failed - process out of memory|Array buffer allocation failed/.test(stderr);
}

function oomLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => /out of memory|heap limit|allocation failed/i.test(l)) ?? '';
  return line.replace(/^.*?(FATAL ERROR: )/, '$1').trim();
}
