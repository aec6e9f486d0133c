// `oomlab serve`: the user's unmodified server, started in a measured child and loaded from
// our process. The server runs as `node <entry>` would (TypeScript through tsx), in a process
// group of its own, with PORT set to a free port and its inspector open on a random loopback
// port; nothing of the lab is loaded into it. Through that inspector we find the port it
// listens on, settle it and take S0..S4 (inspector.ts); between them, N requests (http-load.ts).
// The result has the shape of a measured variant's run, so the same evidence and verdict apply.
//
// The server is ours to end: its whole group is killed on every way out (and by supervise.ts
// on the lab's exit or a signal), which also frees its port.

import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { extname, join } from 'node:path';
import type { Sample } from './protocol.ts';
import type { VariantRun } from './run-variant.ts';
import { INTERVALS } from '../contract.ts';
import { runChild, TSX_LOADER, type ChildOutcome, type RunningChild } from './child-runner.ts';
import { HttpLoad, type LoadStats, type RequestSpec } from './http-load.ts';
import { HEAP_LIMIT_EXPRESSION, readHeapLimit } from './heap-limit.ts';
import { InspectorSession } from './inspector.ts';
import { makeTempDir } from './supervise.ts';

export const SERVER_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

export interface ServerOptions {
  entry: string;
  requests: readonly RequestSpec[];
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests before S0. */
  warmup: number;
  /** Requests per measured interval. */
  iterations: number;
  /** Requests between memory samples. */
  sampleEvery: number;
  /** The port the server listens on, when it does not take PORT. */
  port?: number;
  /** For the whole run. */
  timeLimitMs: number;
  /** For the server to start listening. */
  listenTimeoutMs: number;
  maxOldSpaceMb?: number;
  onProgress?: (phase: 'warmup' | 'interval' | 'snapshot' | 'progress', iteration: number, total: number) => void;
}

export interface ServerRun extends VariantRun {
  /** The port the server listened on, once found. */
  port: number | null;
  /** How the responses went. */
  load: LoadStats;
}

/** A server that cannot be served at all (no such file, a taken port): one line, exit code 2. */
export class ServerSetupError extends Error {}

/** The inspector's own lines on the server's stderr: ours, not the server's. */
const INSPECTOR_LINES = /^(Debugger (listening|ending) on ws:|For help, see: https:\/\/nodejs\.org|Debugger attached\.|Waiting for the debugger to disconnect)/;

export function withoutInspectorLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !INSPECTOR_LINES.test(line))
    .join('\n');
}

/**
 * The TCP ports the process listens on: its listening `net.Server`s, read through the
 * inspector (the inspector's own server is not a JavaScript handle, so it is never among them).
 */
const LISTENING_PORTS = `(() => {
  const handles = typeof process._getActiveHandles === 'function' ? process._getActiveHandles() : [];
  const ports = [];
  for (const h of handles) {
    if (!h || typeof h.address !== 'function' || h.listening !== true) continue;
    const a = h.address();
    if (a && typeof a === 'object' && typeof a.port === 'number') ports.push(a.port);
  }
  return ports;
})()`;
const MEMORY_USAGE = `(() => { const u = process.memoryUsage(); return [u.heapUsed, u.external, u.arrayBuffers, u.rss]; })()`;
/** What the inspector answers while the process is still creating its first context. */
const STARTING = /Promise was collected|Cannot find context|Execution context was destroyed/;
/** Lets the server finish what the last responses started (closing handlers, timers due now). */
const IDLE = `new Promise((resolve) => setTimeout(resolve, 20))`;

/** A free loopback port, or whether `port` is free. */
async function freePort(port = 0): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(address && typeof address === 'object' ? address.port : null));
    });
  });
}

export function checkServerEntry(entry: string, shown: string): void {
  if (!existsSync(entry)) throw new ServerSetupError(`no server file ${shown}`);
  if (!statSync(entry).isFile()) throw new ServerSetupError(`${shown} is not a file: give the server's entry (${SERVER_EXTENSIONS.join(', ')})`);
  if (!SERVER_EXTENSIONS.includes(extname(entry))) throw new ServerSetupError(`${shown}: a server entry ends in ${SERVER_EXTENSIONS.join(', ')}`);
}

/** Why the run stopped early: the words go to the report, the status decides the exit code. */
class Stop extends Error {
  constructor(
    readonly status: VariantRun['status'],
    message: string,
  ) {
    super(message);
  }
}

export async function runServer(options: ServerOptions): Promise<ServerRun> {
  const { entry } = options;
  if (options.port !== undefined && (await freePort(options.port)) === null) {
    throw new ServerSetupError(`port ${options.port} is taken: another process listens on it; stop it or give another --port`);
  }
  const envPort = options.port ?? (await freePort());
  if (envPort === null) throw new ServerSetupError('no free port on 127.0.0.1 for the server');

  const snapshotDir = makeTempDir('oomlab-');
  const started = performance.now();
  const total = options.warmup + INTERVALS * options.iterations;
  const args = ['--inspect=127.0.0.1:0'];
  if (TYPESCRIPT.has(extname(entry))) args.push('--import', TSX_LOADER);
  if (options.maxOldSpaceMb) args.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
  args.push(entry);

  let child: RunningChild<never> | null = null;
  let inspectorUrl: ((url: string) => void) | null = null;
  const urlFound = new Promise<string>((resolve) => (inspectorUrl = resolve));
  let banner = '';
  let mainEnded = false;
  const outcome: Promise<ChildOutcome> = runChild({
    start: { spawn: process.execPath },
    args,
    env: { PORT: String(envPort) },
    timeLimitMs: options.timeLimitMs,
    onStart: (running) => (child = running),
    onOutput: (stream, text) => {
      if (stream !== 'stderr') return;
      // Its main script has ended (it threw, or ran out of work) and it stays only for our session.
      if (text.includes('Waiting for the debugger to disconnect')) mainEnded = true;
      if (!inspectorUrl) return;
      banner = (banner + text).slice(-4096);
      const match = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(banner);
      if (match) {
        inspectorUrl(match[1]);
        inspectorUrl = null;
      }
    },
  });
  let ended: ChildOutcome | null = null;
  const exited = outcome.then((o) => {
    ended = o;
    return o;
  });
  /** Rejects as soon as the server ends, so no step waits on a dead process. */
  const whileAlive = <T>(step: Promise<T>): Promise<T> =>
    Promise.race([
      step,
      exited.then((o) => {
        throw new Stop(o.timedOut ? 'timeout' : 'crash', o.timedOut ? `did not finish within ${(options.timeLimitMs / 1000).toFixed(0)} s` : `the server ${o.signal ? `was killed by ${o.signal}` : `exited with code ${o.code}`}`);
      }),
    ]);

  const snapshots: string[] = [];
  const snapshotIterations: number[] = [];
  const timeline: Sample[] = [];
  let session: InspectorSession | null = null;
  let load: HttpLoad | null = null;
  let port: number | null = null;
  let heapLimit: number | null = null;
  let iteration = 0;
  let stop: Stop | null = null;
  try {
    const listenBy = Date.now() + options.listenTimeoutMs;
    const limitSeconds = (options.listenTimeoutMs / 1000).toFixed(0);
    const url = await whileAlive(
      Promise.race([urlFound, new Promise<never>((_, reject) => setTimeout(() => reject(new Stop('error', `the server did not start within ${limitSeconds} s`)), options.listenTimeoutMs).unref())]),
    );
    session = await whileAlive(InspectorSession.connect(url));
    const inspector = session;

    // Its port: the one asked for, else PORT, else the one it listens on.
    while (port === null) {
      const ports = await whileAlive(inspector.evaluate<number[]>(LISTENING_PORTS)).catch((error: unknown) => {
        // While the process is still starting its first context (an ES module entry on Node
        // 22), an evaluation can fail: not yet, rather than an error.
        if (error instanceof Error && STARTING.test(error.message)) return [] as number[];
        throw error;
      });
      port = ports.includes(envPort) ? envPort : options.port === undefined && ports.length ? ports[0] : null;
      if (port !== null) break;
      if (mainEnded) throw new Stop('error', 'the server ended before it listened');
      if (Date.now() > listenBy) {
        throw new Stop('error', `the server did not listen within ${limitSeconds} s${options.port === undefined ? ` (PORT was ${envPort}; if it listens elsewhere, give --port)` : ` on port ${options.port}`}`);
      }
      await whileAlive(new Promise((resolve) => setTimeout(resolve, 100)));
    }
    heapLimit = readHeapLimit(await whileAlive(inspector.evaluate<unknown>(HEAP_LIMIT_EXPRESSION)))?.limit ?? null;
    load = new HttpLoad(port, options.requests, options.concurrency);
    const traffic = load;

    const settle = async (): Promise<void> => {
      await whileAlive(inspector.evaluate(IDLE));
      await whileAlive(inspector.collectGarbage());
      const [heapUsed, external, arrayBuffers, rss] = await whileAlive(inspector.evaluate<number[]>(MEMORY_USAGE));
      timeline.push({ iteration, heapUsed, external, arrayBuffers, rss });
    };
    const snapshot = async (index: number): Promise<void> => {
      await settle();
      const file = join(snapshotDir, `s${index}.heapsnapshot`);
      await whileAlive(inspector.takeHeapSnapshot(file));
      snapshots[index] = file;
      snapshotIterations.push(iteration);
      options.onProgress?.('snapshot', iteration, total);
    };

    options.onProgress?.('warmup', 0, total);
    await whileAlive(traffic.run(0, options.warmup));
    iteration = options.warmup;
    await snapshot(0);
    for (let interval = 1; interval <= INTERVALS; interval++) {
      options.onProgress?.('interval', iteration, total);
      const end = iteration + options.iterations;
      while (iteration < end) {
        const to = Math.min(end, iteration + options.sampleEvery);
        await whileAlive(traffic.run(iteration, to));
        iteration = to;
        if (iteration < end) {
          await settle();
          options.onProgress?.('progress', iteration, total);
        }
      }
      await snapshot(interval);
    }
  } catch (error) {
    stop = error instanceof Stop ? error : new Stop('error', error instanceof Error ? error.message.split('\n')[0] : String(error));
    // An inspector error is often the server dying under it: then say that it died.
    // (A process that ends with a debugger connected waits for it to go: close ours first.)
    if (stop.status === 'error' && !ended) {
      await session?.close().catch(() => undefined);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
    }
    const gone = ended as ChildOutcome | null;
    if (stop.status === 'error' && gone && !gone.timedOut) {
      stop = new Stop('crash', `the server ${gone.signal ? `was killed by ${gone.signal}` : `exited with code ${gone.code}`}`);
    }
    if (stop.status === 'crash' && port === null) stop = new Stop('crash', `${stop.message} before it listened`);
  } finally {
    load?.close();
    await session?.close().catch(() => undefined);
    // Ours to end: the whole group, which frees its port.
    (child as RunningChild<never> | null)?.kill();
  }
  const o = ended ?? (await outcome);
  const failure = stop ?? (o.spawnError ? new Stop('error', `cannot start node: ${o.spawnError.message}`) : null);
  return {
    status: failure ? failure.status : 'ok',
    snapshotDir,
    snapshots: failure ? null : snapshots,
    snapshotIterations,
    schedule: Array.from({ length: INTERVALS }, () => options.iterations),
    // Requests are timed by the load, not per iteration; a server is never measured longer.
    iterationSeconds: 0,
    timeline,
    metrics: {},
    sourceMaps: {},
    stdout: o.stdout,
    stderr: withoutInspectorLines(o.stderr),
    seconds: (performance.now() - started) / 1000,
    iteration,
    ...(failure ? { failure: { message: failure.status === 'crash' && port !== null ? `${failure.message} at request ${iteration}` : failure.message } } : {}),
    port,
    load: load?.stats ?? { sent: 0, ok: 0, failedStatuses: {}, errors: 0 },
    heapLimit,
  };
}
