// The driver inside the measured child process. It runs the protocol of run/protocol.ts and
// nothing else: setup, warm-up, settle, S0, then for each interval N iterations, settle, S<k>.
// No analysis happens here, and what the driver itself allocates is allocated before S0 and
// does not grow (samples go into a preallocated array), so it adds no noise to the diff.

import { readdirSync, rmSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { Session } from 'node:inspector/promises';
import type { Workload } from '../contract.ts';
import type { ChildConfig, ChildMessage, ParentMessage, Sample } from './protocol.ts';
import { heapLimitHere } from './heap-limit.ts';
import { sampleInto, settle, warmUpInstruments } from './settle.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

let where = 'loading the variant';
/** The iteration running now: a failure says which (a number, so keeping it allocates nothing). */
let iterationNow = 0;
async function fail(error: unknown): Promise<never> {
  const err = error instanceof Error ? error : new Error(String(error));
  const at = where === 'an iteration' || where === 'a warm-up iteration' ? `${where.replace(/^an? /, '')} ${iterationNow}` : where;
  await send({ type: 'error', where: at, message: err.message, stack: err.stack ?? String(err) });
  process.exit(1);
}
// The parent is gone (killed, or cancelled by CI): a measured child never outlives it. Polled
// with an unref'd timer, not a 'disconnect' listener: that would hold the IPC channel open and
// keep the event loop from ever running empty (see 'beforeExit' below).
// The child leads its own process group (the parent starts it detached), so it takes down
// whatever the workload started as well.
setInterval(() => {
  if (process.connected) return;
  // The parent can no longer remove the folder it made for our snapshots: we do.
  if (config.snapshotDir) rmSync(config.snapshotDir, { recursive: true, force: true });
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(1);
  }
}, 500).unref();
process.on('uncaughtException', (error) => void fail(error));
process.on('unhandledRejection', (error) => void fail(error));
// The event loop ran empty before the protocol finished: the workload awaits a promise that
// nothing will ever settle (no timer, socket or callback is left to do it).
const RAN_EMPTY = 'the event loop ran empty: it awaits a promise that nothing will settle';
process.on('beforeExit', () => void fail(new Error(RAN_EMPTY)));
// A 'message' listener (the workload's, or ours under --oom) holds the IPC channel open, so the
// loop never runs empty and 'beforeExit' never comes. Then: nothing active but that channel,
// twice a second apart, is the same hang. (Unref'd timers, like this one, do not count.)
let idleChecks = 0;
setInterval(() => {
  const listening = process.listenerCount('message') + process.listenerCount('disconnect') > 0;
  const active = process.getActiveResourcesInfo().filter((resource) => resource !== 'PipeWrap');
  idleChecks = listening && active.length === 0 ? idleChecks + 1 : 0;
  if (idleChecks >= 2) void fail(new Error(RAN_EMPTY));
}, 1000).unref();

async function main(): Promise<void> {
  const module = (await import(pathToFileURL(config.variantPath).href)) as { default?: Partial<Workload> };
  const workload = module.default;
  if (!workload || typeof workload.iteration !== 'function') {
    throw new Error(`${config.variantPath} must default-export a workload: an object with an iteration(i) function`);
  }
  if (config.mode === 'oom') return runUntilDeath(workload as Workload);
  const { warmup, schedule, sampleEvery } = config;
  const intervals = schedule.length;
  const sampleSlots = schedule.reduce((slots, iterations) => slots + Math.floor(iterations / sampleEvery) + 2, 1);
  const samples = new Float64Array(sampleSlots * 5);
  let sampleCount = 0;

  warmUpInstruments();
  let session: Session | null = null;
  if (config.trackAllocations) {
    session = new Session();
    session.connect();
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
  }

  where = 'setup()';
  await send({ type: 'phase', phase: 'setup', iteration: 0 });
  await workload.setup?.();

  where = 'a warm-up iteration';
  await send({ type: 'phase', phase: 'warmup', iteration: 0 });
  let i = 0;
  for (; i < warmup; i++) {
    iterationNow = i;
    await workload.iteration(i);
  }

  const snapshot = async (index: number): Promise<void> => {
    where = `settling before S${index}`;
    await settle();
    sampleInto(samples, sampleCount++, i);
    where = `writing snapshot S${index}`;
    const file = writeHeapSnapshot(join(config.snapshotDir, `s${index}.heapsnapshot`));
    await send({ type: 'snapshot', index, iteration: i, file });
  };

  // Time spent in the workload's iterations alone (no settles, samples or snapshots): the
  // parent sizes a longer measurement by it.
  let iterationMs = 0;
  await snapshot(0);
  for (let interval = 1; interval <= intervals; interval++) {
    await send({ type: 'phase', phase: 'interval', iteration: i });
    where = 'an iteration';
    const end = i + schedule[interval - 1];
    while (i < end) {
      iterationNow = i;
      const started = performance.now();
      await workload.iteration(i);
      iterationMs += performance.now() - started;
      i++;
      if ((end - i) % sampleEvery === 0 && i < end) {
        await settle();
        sampleInto(samples, sampleCount++, i);
        await send({ type: 'progress', iteration: i, total: warmup + schedule.reduce((a, b) => a + b, 0) });
      }
    }
    await snapshot(interval);
  }

  where = 'metrics()';
  const metrics = workload.metrics?.() ?? {};
  where = 'teardown()';
  await send({ type: 'phase', phase: 'teardown', iteration: i });
  await workload.teardown?.();
  if (session) {
    await session.post('HeapProfiler.stopTrackingHeapObjects', { reportProgress: false });
    session.disconnect();
  }

  const sourceMaps = config.trackAllocations ? caseSourceMaps(config.variantPath) : {};
  const timeline: Sample[] = [];
  for (let s = 0; s < sampleCount; s++) {
    const b = s * 5;
    timeline.push({ iteration: samples[b], heapUsed: samples[b + 1], external: samples[b + 2], arrayBuffers: samples[b + 3], rss: samples[b + 4] });
  }
  await send({ type: 'done', timeline, metrics: sanitizeMetrics(metrics), seconds: process.uptime(), iterationSeconds: iterationMs / 1000, sourceMaps, heapLimit: heapLimitHere()?.limit ?? getHeapStatistics().heap_size_limit });
  process.exit(0);
}

/**
 * OOM mode, early in the run (config.settleUntil): settled samples at iterations this factor
 * apart (0, 1, 2, 3, 4, 5, 7, 9, 12, … 1,000, 1,250, …): about ten in every tenfold stretch of
 * the run, however fast it leaks (60 KiB per iteration reaches a 24 MiB cap in a few hundred,
 * 100 B in a few hundred thousand), and a few dozen settles in all.
 */
const SETTLE_STEP = 1.25;

/**
 * OOM mode: iterations until `maxIterations`, or until the process dies of memory, the way
 * production would see it. Samples are streamed (the process may not live to send them at
 * the end); no settling, no snapshots but the one the parent asks for near the cap.
 */
async function runUntilDeath(workload: Workload): Promise<void> {
  const max = config.maxIterations ?? Number.MAX_SAFE_INTEGER;
  let pendingSnapshot: string | null = null;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'snapshot-now') pendingSnapshot = message.file;
  });
  where = 'setup()';
  await workload.setup?.();
  where = 'an iteration';
  const started = performance.now();
  let lastYield = started;
  // Early in the run (the heap below config.settleUntil), samples are taken after a settle (at
  // SETTLE_STEP): the figures the forecast is fitted to. Not later: two full collections of a
  // heap near its limit would change how and when the process dies.
  const heapSizeLimit = getHeapStatistics().heap_size_limit;
  let settleBelow = config.settleUntil ?? 0;
  let nextSettle = 0;
  // Node raises V8's heap limit to write the near-death snapshot (--heapsnapshot-near-heap-limit),
  // in the allocation that reached the cap: the iteration it happens in is when the heap was full.
  let limitRaised = false;
  for (let i = 0; i < max; i++) {
    iterationNow = i;
    await workload.iteration(i);
    if (!limitRaised) {
      const limit = getHeapStatistics().heap_size_limit;
      if (limit > heapSizeLimit) {
        limitRaised = true;
        await send({ type: 'limit-raised', iteration: i, heapSizeLimit: limit });
      }
    }
    // Yield a few times a second: samples go out, and the parent's requests come in.
    const now = performance.now();
    const settled = settleBelow > 0 && i >= nextSettle;
    if (settled || i % config.sampleEvery === 0 || now - lastYield > 200) {
      if (settled) {
        await settle();
        nextSettle = Math.max(i + 1, Math.ceil(i * SETTLE_STEP));
      }
      const usage = process.memoryUsage();
      await send({ type: 'sample', sample: { iteration: i, heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers, rss: usage.rss }, ...(settled ? { settled: { heapSizeLimit } } : {}) });
      if (settled && usage.heapUsed >= settleBelow) settleBelow = 0;
      lastYield = performance.now();
      if (pendingSnapshot) {
        const file = writeHeapSnapshot(pendingSnapshot);
        pendingSnapshot = null;
        await send({ type: 'snapshot-written', file, iteration: i });
      }
    }
  }
  await send({ type: 'finished', iteration: max, metrics: sanitizeMetrics(workload.metrics?.() ?? {}) });
  process.exit(0);
}

/**
 * The source maps of the case folder's modules (after the measurement is over): V8's
 * allocation stacks give positions in the transpiled code, and the parent maps them back.
 * An ES module is known by its file URL, a CommonJS one (a folder with no package.json
 * saying "module") by its path: each map is keyed by the name the stack frames will use.
 */
function caseSourceMaps(variantPath: string): Record<string, unknown> {
  const maps: Record<string, unknown> = {};
  const dir = dirname(variantPath);
  for (const file of readdirSync(dir)) {
    if (!/\.(m?ts|m?js|cts|cjs)$/.test(file)) continue;
    const path = join(dir, file);
    const url = pathToFileURL(path).href;
    for (const name of [url, path]) {
      const map = findSourceMap(name);
      if (map) maps[name] = map.payload;
    }
  }
  return maps;
}

function sanitizeMetrics(metrics: Record<string, unknown>): Record<string, number> {
  const clean: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics ?? {})) if (typeof value === 'number' && Number.isFinite(value)) clean[key] = value;
  return clean;
}

main().catch(fail);
