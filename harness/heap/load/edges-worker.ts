// The second core's share of a large snapshot: the `edges` array, two thirds of a snapshot's
// bytes, from its start. Started by edges-thread.ts with the file's path, the checked header
// and the edge columns (SharedArrayBuffers the main thread keeps). It finds the array itself
// (the main thread checks the position when it gets there), reads it from the file with
// positioned reads (no whole-file buffer), and parses it with the loader's own code: the checks
// and their messages are the one-thread parse's. The main thread may take the array's tail
// (edges-tail.ts): before each chunk the worker claims it in `control`, where the main thread
// may have put a limit instead. Messages: { found }, then { end }, { split } or { error }.

import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { isSpace } from './bytes.ts';
import { SnapshotParser, type EdgeColumns } from './loader.ts';

export interface EdgesJob {
  path: string;
  header: unknown;
  columns: EdgeColumns;
  /**
   * One shared word: the end of the bytes the worker has claimed (it parses up to there), or,
   * negated, the limit the main thread set (it parses the rest), which the worker stops at.
   */
  control: BigInt64Array;
  /** Tests: wait for the main thread's limit before parsing, so that the split is where it says. */
  waitForLimit: boolean;
}

/** Where the worker stopped at the main thread's limit: see SnapshotParser.edgesProgress. */
export interface EdgesSplit {
  rows: number;
  commas: number;
  pending: number[];
  inNumber: boolean;
}

/**
 * What the worker posts: where `edges` begins (-1: not found); then the byte after its ']',
 * or how far it got when it stopped at the main thread's limit, or why it could not.
 */
export type EdgesMessage = { found: number } | { end: number } | { split: EdgesSplit } | { error: string };

const READ_SIZE = 4 << 20;
const KEY = Buffer.from('"edges"');

const job = workerData as EdgesJob;
const post = (message: EdgesMessage): void => parentPort!.postMessage(message);

try {
  const handle = await open(job.path, 'r');
  try {
    const start = await findEdges(handle);
    if (start >= 0) Atomics.store(job.control, 0, BigInt(start));
    post({ found: start });
    if (start >= 0) post(await parseEdges(handle, start));
  } finally {
    await handle.close();
  }
} catch (error) {
  post({ error: error instanceof Error ? error.message : String(error) });
}

/** The byte after `"edges":[`, or -1. A cheap scan: the nodes before it hold no quote. */
async function findEdges(handle: Awaited<ReturnType<typeof open>>): Promise<number> {
  const buffer = Buffer.allocUnsafe(READ_SIZE);
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, position);
    if (bytesRead === 0) return -1;
    const chunk = buffer.subarray(0, bytesRead);
    const at = chunk.indexOf(KEY);
    const last = bytesRead < READ_SIZE;
    if (at >= 0 && (last || at + KEY.length + 64 <= bytesRead)) {
      // Whitespace, ':', whitespace, '[': V8 writes none of the whitespace.
      let pos = at + KEY.length;
      while (pos < bytesRead && isSpace(chunk[pos])) pos++;
      if (chunk[pos++] !== 0x3a) return -1;
      while (pos < bytesRead && isSpace(chunk[pos])) pos++;
      return chunk[pos] === 0x5b ? position + pos + 1 : -1;
    }
    if (last) return -1;
    // Read on, overlapping enough that the key and what follows it are whole in one chunk.
    position += bytesRead - KEY.length - 64;
  }
}

/** Parses `edges` from its first value into the shared columns, to its ']' or the main thread's limit. */
async function parseEdges(handle: Awaited<ReturnType<typeof open>>, start: number): Promise<EdgesMessage> {
  const parser = SnapshotParser.edgesFrom(job.header, start, job.columns);
  if (job.waitForLimit) Atomics.wait(job.control, 0, BigInt(start));
  // Two buffers: the next read runs while this chunk is parsed, as in read.ts.
  const buffers = [Buffer.allocUnsafe(READ_SIZE), Buffer.allocUnsafe(READ_SIZE)];
  let which = 0;
  let position = start;
  let limit = -1;
  let pending = handle.read(buffers[0], 0, READ_SIZE, position);
  try {
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) throw new Error('the file ends inside "edges"');
      // Claim this chunk, unless the main thread has set a limit (at or after `position`).
      if (limit < 0) {
        const claimed = Atomics.compareExchange(job.control, 0, BigInt(position), BigInt(position + bytesRead));
        if (claimed !== BigInt(position)) limit = Number(-claimed);
      }
      const length = limit < 0 ? bytesRead : Math.min(bytesRead, limit - position);
      position += length;
      which ^= 1;
      pending = handle.read(buffers[which], 0, READ_SIZE, position);
      parser.write(buffer.subarray(0, length));
      // Closed before the limit: the main thread sees an end where it expected a split.
      if (parser.paused) return { end: parser.position };
      if (position === limit) return { split: parser.edgesProgress() };
    }
  } finally {
    await pending.catch(() => undefined);
  }
}
