// The heap limit a forecast aims at, read inside a real node process: the old generation's
// limit when the process was given --max-old-space-size, else V8's heap_size_limit.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_LIMIT_EXPRESSION, readHeapLimit } from '../../harness/run/heap-limit.ts';

const MiB = 2 ** 20;
function limitOf(execArgv: string[], env: NodeJS.ProcessEnv = {}): { limit: number; heapSizeLimit: number } {
  const out = execFileSync(process.execPath, [...execArgv, '-e', `console.log(JSON.stringify(${HEAP_LIMIT_EXPRESSION}))`], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return readHeapLimit(JSON.parse(out))!;
}

describe('the heap limit of a measured process', () => {
  it('is --max-old-space-size when the process was given it: heap_size_limit also counts the young generation', () => {
    const { limit, heapSizeLimit } = limitOf(['--max-old-space-size=64']);
    expect(limit).toBe(64 * MiB);
    expect(heapSizeLimit).toBeGreaterThan(64 * MiB); // 112 MiB on Node 20: 64 + 3 semi-spaces of 16
  });

  it('reads it from NODE_OPTIONS too, and in its underscore spelling', () => {
    expect(limitOf([], { NODE_OPTIONS: '--max-old-space-size=48' }).limit).toBe(48 * MiB);
    expect(limitOf(['--max_old_space_size=32']).limit).toBe(32 * MiB);
  });

  it('is the command line\'s when NODE_OPTIONS says otherwise, as Node itself decides', () => {
    // NODE_OPTIONS=--max-old-space-size=200 node --max-old-space-size=64 runs with 64 (heap_size_limit shows it).
    const low = limitOf(['--max-old-space-size=64'], { NODE_OPTIONS: '--max-old-space-size=200' });
    expect(low.limit).toBe(64 * MiB);
    expect(low.heapSizeLimit).toBeLessThan(200 * MiB);
    const high = limitOf(['--max-old-space-size=100'], { NODE_OPTIONS: '--max-old-space-size=48' });
    expect(high.limit).toBe(100 * MiB);
    expect(high.heapSizeLimit).toBeGreaterThan(100 * MiB);
  });

  it("is heap_size_limit when the process was given none", () => {
    const { limit, heapSizeLimit } = limitOf([]);
    expect(limit).toBe(heapSizeLimit);
  });

  it('takes nothing else for an answer (a foreign process may answer anything)', () => {
    expect(readHeapLimit(null)).toBeNull();
    expect(readHeapLimit({ limit: '64', heapSizeLimit: 1 })).toBeNull();
    expect(readHeapLimit({ limit: 0, heapSizeLimit: 1 })).toBeNull();
  });
});
