// `analyze` on a crash dump: a near-death snapshot written by Node itself
// (--heapsnapshot-near-heap-limit) as a class-held Map filled its heap. The holder is the
// program's field, with its share, not the stack of the function that was running.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScript } from '../helpers/run-script.ts';
import { scratchDir } from '../helpers/scratch.ts';

const program = fileURLToPath(new URL('../programs/report-cache.mjs', import.meta.url));

describe('analyze names the holder of a near-death snapshot', () => {
  const dir = scratchDir('oomlab-near-death-');
  const died = spawnSync(process.execPath, ['--max-old-space-size=48', '--heapsnapshot-near-heap-limit=1', program], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.heapsnapshot')) ?? 'missing');

  it('the program died of its heap and left a snapshot', () => {
    expect(died.stderr).toMatch(/heap out of memory|Reached heap limit/);
    expect(file.endsWith('.heapsnapshot')).toBe(true);
  });

  it('--json: holders, largest first, the first one the Map behind reports.rendered with most of the heap', async () => {
    const run = await runScript('analyze', [file, '--json'], { timeout: 60_000 });
    expect(run.status).toBe(0);
    const { holders } = JSON.parse(run.stdout) as { holders: { holder: string; retainedSize: number; share: number }[] };
    expect(holders[0].holder).toBe('report-cache.mjs (module) → reports.rendered');
    expect(holders[0].share).toBeGreaterThan(0.8);
    expect(holders[0].share).toBeLessThanOrEqual(1);
    expect(holders.map((h) => h.retainedSize)).toEqual([...holders.map((h) => h.retainedSize)].sort((a, b) => b - a));
    expect(holders.some((h) => /Stack roots/.test(h.holder))).toBe(false);
  }, 60_000);

  it('the terminal says it first', async () => {
    const run = await runScript('analyze', [file], { timeout: 60_000 });
    const lines = run.stdout.split('\n');
    expect(lines[2]).toBe("Who holds the heap (the program's names, largest first):");
    expect(lines[3]).toMatch(/^ +\d{2}\.\d % +\d+\.\d+ MiB  report-cache\.mjs \(module\) → reports\.rendered$/);
  }, 60_000);
});
