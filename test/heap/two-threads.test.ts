import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { HeapSnapshotError, readHeapSnapshot, type HeapSnapshot } from '../../harness/heap/index.ts';
import { scratchDir } from '../helpers/scratch.ts';

// A snapshot as V8 writes it (a record a line: the fixtures were written without line breaks),
// read with the two-thread path forced: a worker parses `edges` from its start while this
// thread reads the rest and the array's tail backwards.
const dir = scratchDir('oomlab-two-threads-');
const written = join(dir, 'written.heapsnapshot');
execFileSync(process.execPath, ['-e', 'require("v8").writeHeapSnapshot(process.argv[1])', written]);
const bytes = readFileSync(written);
const edgesStart = bytes.indexOf('"edges":[') + '"edges":['.length;
const edgesEnd = bytes.indexOf(']', edgesStart);

function write(name: string, data: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, data);
  return file;
}

async function read(file: string, tailShare?: number): Promise<{ snap: HeapSnapshot; how: string }> {
  let how = '';
  const snap = await readHeapSnapshot(file, { twoThreadsFrom: tailShare === undefined ? Infinity : 0, tailShare, onRead: (h) => (how = h) });
  return { snap, how };
}

async function failure(file: string, tailShare?: number): Promise<string> {
  try {
    await read(file, tailShare);
  } catch (error) {
    expect(error).toBeInstanceOf(HeapSnapshotError);
    return (error as Error).message;
  }
  throw new Error('the snapshot was accepted');
}

/** The file with the `index`-th record of `edges` (counted over the whole array) replaced. */
function withRecord(share: number, replace: (record: string) => string): Uint8Array {
  // The first record break at or after this share of the array: a whole record follows it.
  const at = bytes.indexOf('\n,', edgesStart + Math.floor((edgesEnd - edgesStart) * share)) + 2;
  const next = bytes.indexOf('\n', at);
  const record = bytes.subarray(at, next).toString('latin1');
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(replace(record), 'latin1'), bytes.subarray(next)]);
}

/** The file with the digit nearest the comma where the threads meet (tail share 0.5) replaced, before or after it. */
function atTheSplit(side: 'before' | 'after'): Uint8Array {
  const comma = bytes.indexOf(',', edgesEnd - Math.floor((edgesEnd - edgesStart) * 0.5));
  let at = side === 'after' ? comma + 1 : comma - 1;
  while (bytes[at] < 0x30 || bytes[at] > 0x39) at += side === 'after' ? 1 : -1;
  const copy = Buffer.from(bytes);
  copy[at] = 0x78; // 'x'
  return copy;
}

describe('reading on two threads', () => {
  const file = write('planted.heapsnapshot', bytes);
  // Node 24's V8 writes no line breaks: the split falls inside records as often as between.
  const compact = write('compact.heapsnapshot', gunzipSync(readFileSync(new URL('../fixtures/node24-planted.heapsnapshot.gz', import.meta.url))));

  it.each([
    ['a record a line', file],
    ['no line breaks', compact],
  ])('gives every column and string exactly as one thread does, wherever the split falls (%s)', async (_, file) => {
    const one = await read(file);
    expect(one.how).toBe('one thread');
    const columns = ['nodeType', 'nodeName', 'nodeId', 'nodeSelfSize', 'nodeRawSelfSize', 'firstEdge', 'edgeType', 'edgeNameOrIndex', 'edgeTo'] as const;
    for (const share of [0.05, 0.3, 0.5, 0.77, 0.95]) {
      const two = await read(file, share);
      expect(two.how, `tail share ${share}`).toBe('worker and tail');
      for (const column of columns) {
        const a = one.snap[column] as ArrayLike<number>;
        const b = two.snap[column] as ArrayLike<number>;
        expect(b.length, column).toBe(a.length);
        let firstDifference = -1;
        for (let i = 0; i < a.length && firstDifference < 0; i++) if (a[i] !== b[i]) firstDifference = i;
        expect(firstDifference, `${column}, tail share ${share}`).toBe(-1);
      }
      expect(two.snap.strings.toArray()).toEqual(one.snap.strings.toArray());
      expect(two.snap.edgeCount).toBe(one.snap.edgeCount);
    }
  });

  it('leaves the whole array to the worker when this thread takes no tail', async () => {
    const two = await read(file, 0);
    expect(two.how).toBe('worker');
    expect(Array.from(two.snap.edgeTo)).toEqual(Array.from((await read(file)).snap.edgeTo));
  });

  describe('bad input in either thread’s share gives the one-thread message', () => {
    const broken: [string, Uint8Array, RegExp][] = [
      ['a letter in the worker’s share', withRecord(0.1, (r) => r.replace(/\d$/, 'x')), /expected a number in "edges" at byte \d+, found 'x'/],
      ['a letter in the tail', withRecord(0.9, (r) => r.replace(/\d$/, 'x')), /expected a number in "edges" at byte \d+, found 'x'/],
      ['an edge to no node in the worker’s share', withRecord(0.1, (r) => r.replace(/\d+$/, '4000000000')), /edge \d+ points to 4000000000, which is not a node/],
      ['an edge to no node in the tail', withRecord(0.9, (r) => r.replace(/\d+$/, '4000000000')), /edge \d+ points to 4000000000, which is not a node/],
      ['a record cut short in the tail', withRecord(0.9, (r) => r.replace(/,\d+$/, '')), /"edges" ends in the middle of a record|declares \d+ edges|which is not a node/],
      ['a record missing', withRecord(0.5, () => '').subarray(0), /declares \d+ edges but "edges" holds \d+|stray comma/],
      ['a stray comma in the tail', withRecord(0.9, (r) => `${r},`), /empty value or a stray comma|middle of a record/],
      ['a letter just before the split', atTheSplit('before'), /expected a number in "edges" at byte \d+, found 'x'/],
      ['a letter just after the split', atTheSplit('after'), /expected a number in "edges" at byte \d+, found 'x'/],
    ];
    for (const [label, data, message] of broken) {
      it(label, async () => {
        const path = write(`${label.replace(/\W+/g, '-')}.heapsnapshot`, data);
        const expected = await failure(path);
        expect(expected).toMatch(message);
        for (const share of [0.5, 0.2]) expect(await failure(path, share), `tail share ${share}`).toBe(expected);
        expect(expected).not.toContain('\n');
      });
    }
  });
});
