import { describe, expect, it } from 'vitest';
import { findCase } from '../../harness/catalog.ts';
import { runOom } from '../../harness/lab/oom.ts';
import { runScript } from '../helpers/run-script.ts';

describe('--oom: the buggy variant dies under a cap, the fixed one lives', { timeout: 180_000 }, () => {
  it('on-heap (case 2): V8\'s heap limit, a near-death snapshot naming what holds the memory', async () => {
    const result = await runOom(await findCase('2'));
    const { buggy, fixed } = result.variants;
    expect(buggy.cap).toEqual({ kind: 'heap', mb: 24 });
    expect(buggy.verdict).toBe('oom');
    expect(buggy.message).toMatch(/JavaScript heap out of memory/);
    expect(buggy.iterations).toBeGreaterThan(100);
    expect(buggy.timeline.length).toBeGreaterThan(2);
    expect(buggy.nearDeath).not.toBeNull();
    // Near death the heap is the request bodies, pinned by the tokens sliced out of them.
    expect(buggy.nearDeath!.classes.map((c) => c.name)).toContain('(sliced string)');
    expect(buggy.nearDeath!.pathText).toMatch(/Array$/);
    // The forecast from its first iterations (settled, below half the 24 MiB cap), against the
    // iteration its heap reached the cap (Node raised the limit for the near-death snapshot)
    // and the one it died at. Case 2 is the one the forecast is known to be late on (README:
    // +37 % at the cap, +29 to +31 % at death on Node 20; its 64 KiB bodies fill V8's pages to
    // about 80 %): late, never early, by a stated margin around those figures.
    const f = buggy.forecast!;
    expect(f.samples).toBeGreaterThanOrEqual(3);
    expect(f.fittedThrough).toBeLessThan(f.capReachedAt!);
    expect(f.capReachedAt!).toBeLessThan(buggy.iterations);
    expect(f.actualIterations).toBe(buggy.iterations);
    expect(f.atCap! / f.capReachedAt!).toBeGreaterThan(1.15);
    expect(f.atCap! / f.capReachedAt!).toBeLessThan(1.6);
    expect(f.predictedIterations! / buggy.iterations).toBeGreaterThan(1.15);
    expect(f.predictedIterations! / buggy.iterations).toBeLessThan(1.5);
    // The error the report prints is the forecast's own: late (positive), in the same range.
    expect(f.error!).toBeGreaterThan(0.15);
    expect(f.error!).toBeLessThan(0.5);
    expect(f.capError!).toBeGreaterThan(0.15);
    expect(f.capError!).toBeLessThan(0.6);
    expect(fixed!.forecast).toBeUndefined();
    expect(fixed!.verdict).toBe('survived');
    expect(fixed!.iterations).toBeGreaterThanOrEqual(buggy.iterations);
    expect(result.ok).toBe(true);
  });

  it('off-heap (case 1): killed at the resident-memory cap, as a container would be', async () => {
    const result = await runOom(await findCase('1'));
    const { buggy, fixed } = result.variants;
    expect(buggy.cap).toEqual({ kind: 'rss', mb: 128 });
    expect(buggy.verdict).toBe('oom');
    expect(buggy.message).toMatch(/killed at .* resident \(cap 128 MiB\), as a container's OOM killer would/);
    // The V8 heap stayed small: the memory was ArrayBuffers, off the heap.
    expect(buggy.peak.heapUsed).toBeLessThan(32 * 1024 * 1024);
    expect(buggy.peak.external).toBeGreaterThan(32 * 1024 * 1024);
    // No heap number for a leak off the heap: the forecast says why.
    expect(buggy.forecast!.predictedIterations).toBeNull();
    expect(buggy.forecast!.note).toMatch(/off the V8 heap/);
    expect(fixed!.verdict).toBe('survived');
    expect(fixed!.peak.rss).toBeLessThan(128 * 1024 * 1024);
    expect(result.ok).toBe(true);
  });

  it('a high-water case says in one line why --oom does not apply', async () => {
    const result = await runScript('case', ['5', '--oom']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/high-water case: .* --oom does not apply/);
  });
});
