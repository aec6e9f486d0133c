import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { runVariant, type RunOptions } from '../../harness/run/run-variant.ts';
import { measureGrowth } from '../../harness/verdict/growth.ts';
import { judgeGrowth } from '../../harness/verdict/verdict.ts';

const workload = (name: string): string => fileURLToPath(new URL(`../workloads/${name}.ts`, import.meta.url));

async function judge(name: string, options: Partial<RunOptions> = {}) {
  const run = await runVariant({
    variantPath: workload(name),
    warmup: 50,
    iterations: 200,
    sampleEvery: 20,
    timeLimitMs: 60_000,
    ...options,
  });
  try {
    if (run.status !== 'ok' || !run.snapshots) return { run, judgement: null };
    const growth = await measureGrowth(run.snapshots, run.timeline, run.schedule);
    return { run, judgement: judgeGrowth(growth), growth };
  } finally {
    rmSync(run.snapshotDir, { recursive: true, force: true });
  }
}

describe.concurrent('verdicts on synthetic workloads, each in a real child process', () => {
  it('a workload keeping ~1 KiB per iteration leaks, and the culprit is what it keeps', async () => {
    const { run, judgement } = await judge('leak');
    expect(run.status).toBe('ok');
    expect(judgement!.verdict).toBe('leak');
    expect(judgement!.bytesPerIteration).toBeGreaterThan(900);
    expect(judgement!.bytesPerIteration).toBeLessThan(1400);
    // The samples arrays, with their elements: DevTools counts an Array's store in the Array.
    expect(judgement!.culprit!.name).toBe('Array');
    expect(judgement!.culprit!.pathText).toMatch(/\{history\} -> Array/);
    expect(run.metrics.kept).toBe(850); // 50 warm-up iterations and four intervals of 200
    expect(run.timeline.length).toBeGreaterThanOrEqual(20);
  });

  it('a leak of ~130 bytes per iteration is caught', async () => {
    const { judgement, growth } = await judge('small-leak');
    expect(judgement!.verdict).toBe('leak');
    expect(judgement!.bytesPerIteration).toBeGreaterThan(100);
    expect(judgement!.bytesPerIteration).toBeLessThan(200);
    expect(growth!.classes[0].persistentCount).toBeGreaterThanOrEqual(200);
  });

  it('the culprit is what is made in every interval, not a bigger one-time step in the middle of the run', async () => {
    const { judgement, growth } = await judge('step-beside-leak');
    expect(judgement!.verdict).toBe('leak');
    // The step retains more than the leak: the survivors' largest class is the step's.
    const rows = growth!.classes.find((c) => c.name === 'LazyRow')!;
    const records = growth!.classes.find((c) => c.name === 'AuditRecord')!;
    expect(rows.persistentCount).toBe(4000);
    expect(rows.persistentBytes).toBeGreaterThan(records.persistentBytes);
    expect(judgement!.culprit!.name).toBe('AuditRecord');
    expect(judgement!.culprit!.holder).toMatch(/step-beside-leak\.ts \(module\) → audit\b/);
  });

  it('the harness keeps nothing of its own in the measured child: an idle workload leaves under 1 KiB that outlived an interval', async () => {
    // The sampler's allocation-site boilerplate and perf_hooks' histograms (loaded by the
    // first performance.now()) were once made during the first interval, and became holders.
    // What is left is the engine's: a few literal boilerplates that allocation-site feedback
    // keeps for Node's own functions (process.send, nextTick), a few hundred bytes in all.
    const { judgement, growth } = await judge('idle');
    expect(judgement!.verdict).toBe('clean');
    const outlived = growth!.classes.reduce((sum, c) => sum + c.persistentBytes, 0);
    expect(outlived, growth!.classes.filter((c) => c.persistentCount > 0).map((c) => `${c.name} ×${c.persistentCount}`).join(', ')).toBeLessThan(1024);
  });

  it('a workload that keeps nothing is clean', async () => {
    const { judgement } = await judge('clean');
    expect(judgement!.verdict).toBe('clean');
    expect(Math.abs(judgement!.bytesPerIteration)).toBeLessThan(48);
    expect(judgement!.culprit).toBeNull();
  });

  it('lazy init, a bounded LRU, 256 KiB transient buffers and cleared timers are clean', async () => {
    const { run, judgement, growth } = await judge('noisy-clean');
    expect(run.metrics.timersCleared).toBe(1700); // two per iteration, 850 iterations
    expect(judgement!.verdict, judgement!.reasons.join('\n')).toBe('clean');
    // The lazily built table is real growth in interval 1 only: seen, and not mistaken for a leak.
    expect(growth!.perInterval[0]).toBeGreaterThan(200);
    for (const later of growth!.perInterval.slice(1)) expect(Math.abs(later)).toBeLessThan(48);
  });

  it('a workload that throws is reported as an error with its message and stack', async () => {
    const { run } = await judge('throws');
    expect(run.status).toBe('error');
    expect(run.failure!.message).toBe('threw in warm-up iteration 30: the upstream closed the connection');
    expect(run.failure!.stack).toMatch(/throws\.ts:\d+/);
  });

  it('a workload that never resolves is stopped at the time limit', async () => {
    const started = Date.now();
    const { run } = await judge('hangs', { timeLimitMs: 4000 });
    expect(run.status).toBe('timeout');
    expect(run.failure!.message).toMatch(/did not finish within 4 s/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a promise nothing can settle is named as such, not left to hang or exit silently', async () => {
    const { run } = await judge('awaits-forever');
    expect(run.status).toBe('error');
    expect(run.failure!.message).toMatch(/event loop ran empty/);
  });

  it('... even when the workload listens on the IPC channel, which keeps the loop from running empty', async () => {
    const started = Date.now();
    const { run } = await judge('listens-and-awaits-forever', { timeLimitMs: 30_000 });
    expect(run.status).toBe('error');
    expect(run.failure!.message).toMatch(/event loop ran empty/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a busy loop that never yields is stopped at the time limit too', async () => {
    const { run } = await judge('busy-loop', { timeLimitMs: 4000 });
    expect(run.status).toBe('timeout');
  });

  it('a workload that exhausts a small heap is reported as out of memory', async () => {
    const { run } = await judge('exhausts-heap', { maxOldSpaceMb: 48 });
    expect(run.status).toBe('oom');
    expect(run.failure!.message).toMatch(/ran out of memory at iteration \d+: .*heap/i);
  });

  it('a module that exports no workload is an error that says so', async () => {
    const { run } = await judge('no-default');
    expect(run.status).toBe('error');
    expect(run.failure!.message).toMatch(/must default-export a workload/);
  });
});
