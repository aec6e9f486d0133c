// Reading a snapshot from disk or memory into the loader: gzip detection, one reused read
// buffer, and turning file-system and zlib failures into one-line HeapSnapshotErrors that
// name the file. Separate from the loader, which sees only bytes and knows nothing of files.

import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle, type FileReadResult } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createGunzip } from 'node:zlib';
import { HeapSnapshotError, type HeapSnapshot } from '../snapshot.ts';
import { EdgesThread } from './edges-thread.ts';
import { EdgesTail } from './edges-tail.ts';
import { SnapshotParser, type EdgeColumns } from './loader.ts';
import { validateHeader } from './meta.ts';

/** Bytes per read: large enough that a read's cost is all copying. */
const READ_SIZE = 4 << 20;
/**
 * From this size a snapshot's `edges` array is parsed on a second thread (edges-thread.ts).
 * Below it, starting the worker (a V8 isolate and a Node environment: 0.1-0.2 s on this shared
 * 2-core machine) costs about what it saves: a 64 MB file parses in about half a second.
 */
const TWO_THREADS_FROM = 64 << 20;
/**
 * The worker's head start lost to starting and finding `edges`, in bytes this thread parses
 * meanwhile: the split of `edges` (read.ts, edges-tail.ts) gives this thread that much more.
 */
const WORKER_START_BYTES = 16 << 20;
/** A tail shorter than this is left to the worker. */
const MIN_TAIL_BYTES = 1 << 20;

export interface ReadOptions {
  /** Parse `edges` on a worker thread for files of at least this many bytes (tests lower it). */
  twoThreadsFrom?: number;
  /**
   * Tests: the share of `edges` this thread reads from the end, decided before the worker
   * starts on them (it waits), so that the split is where the test wants it.
   */
  tailShare?: number;
  /** Told how the file was read: on one thread, a worker parsing `edges`, or that and the tail here. */
  onRead?: (how: 'one thread' | 'worker' | 'worker and tail') => void;
}

/** Reads a .heapsnapshot (or a gzip-compressed .heapsnapshot.gz) from disk as a stream. */
export async function readHeapSnapshot(path: string, options: ReadOptions = {}): Promise<HeapSnapshot> {
  // OOMLAB_THREADS=1: one thread whatever the size (a machine whose other core is busy anyway);
  // so too where the process may use one core only.
  const oneCore = process.env.OOMLAB_THREADS === '1' || availableParallelism() < 2;
  const twoThreadsFrom = options.twoThreadsFrom ?? (oneCore ? Infinity : TWO_THREADS_FROM);
  let size = 0;
  try {
    size = (await stat(path)).size;
  } catch {
    // readOneThread says what is wrong with the path.
  }
  if (size >= twoThreadsFrom) {
    const snapshot = await readTwoThreads(path, options);
    if (snapshot) return snapshot;
  }
  options.onRead?.('one thread');
  return readOneThread(path);
}

/**
 * The header, `nodes` and the sections after `edges` (strings, locations) on this thread while
 * a worker parses `edges`, each reading its own byte range of the file. Null when the file is
 * not for two threads (gzip), the worker failed, or anything is wrong with the input: the caller
 * then reads it again on one thread, which gives the exact error a one-thread parse gives
 * (bad input only costs time).
 */
async function readTwoThreads(path: string, options: ReadOptions): Promise<HeapSnapshot | null> {
  let handle: FileHandle | null = null;
  let pending: Promise<FileReadResult<Buffer>> | null = null;
  let edges: EdgesThread | null = null;
  try {
    handle = await open(path, 'r');
    const size = (await handle.stat()).size;
    const parser = new SnapshotParser(size, true);
    const buffers = [Buffer.allocUnsafe(READ_SIZE), Buffer.allocUnsafe(READ_SIZE)];
    let which = 0;
    let position = 0;
    pending = handle.read(buffers[0], 0, READ_SIZE, position);
    let parsingEdges = false;
    let edgesEnd = -1;
    let tail: { start: number; end: number } | null = null;
    for (;;) {
      const { bytesRead, buffer } = await pending;
      pending = null;
      if (bytesRead === 0) break;
      if (position === 0 && bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return null;
      const chunkStart = position;
      position += bytesRead;
      which ^= 1;
      pending = handle.read(buffers[which], 0, READ_SIZE, position);
      parser.write(buffer.subarray(0, bytesRead));
      if (!edges && parser.headerValue !== null && !parsingEdges) {
        const header = parser.headerValue as { edge_count: number };
        edges = new EdgesThread(path, header, EdgesThread.columns(header.edge_count), options.tailShare !== undefined);
      }
      if (!parser.paused) continue;
      // At `edges`: the worker's if it found them here, else this thread's after all.
      const at = parser.position;
      if (!edges || (await edges.found) !== at) {
        await edges?.stop();
        edges = null;
        parsingEdges = true;
        parser.parseEdgesHere();
        parser.write(buffer.subarray(at - chunkStart, bytesRead));
        continue;
      }
      // Carry on after the array's ']' (it holds no other), found with a cheap scan; and take
      // the array's tail if this thread's share of the file is the smaller one.
      await pending.catch(() => undefined);
      pending = null;
      const end = await find(handle, buffers[which], at, 0x5d);
      if (end < 0) return null;
      const tailBytes =
        options.tailShare === undefined
          ? Math.min(end - at, Math.floor((end - at + WORKER_START_BYTES - at - (size - end)) / 2))
          : Math.floor((end - at) * options.tailShare);
      if (tailBytes >= (options.tailShare === undefined ? MIN_TAIL_BYTES : 1)) {
        // After a comma; the record it may cut is joined from both sides (edges-tail.ts).
        const comma = await find(handle, buffers[which], end - tailBytes, 0x2c, end);
        if (comma > 0 && edges.limit(comma + 1)) tail = { start: comma + 1, end };
      }
      if (!tail) edges.limit(Number.MAX_SAFE_INTEGER);
      edgesEnd = position = end + 1;
      parser.skipEdges(edgesEnd);
      pending = handle.read(buffers[which], 0, READ_SIZE, position);
    }
    if (edges) {
      const tailRead = tail ? await readTail(handle, buffers[0], tail.start, tail.end, parser.headerValue, edges.columns) : null;
      if (tail && !tailRead) return null;
      const done = await edges.done;
      if (!done) return null;
      if ('end' in done) {
        // The worker read the whole array: it stopped where this thread carried on.
        if (tail || done.end !== edgesEnd) return null;
      } else {
        // It stopped at the limit, just after a comma; the tail has the rest, and the record
        // the limit cut (if any) is joined from both. Every row once, every comma accounted for.
        const { rows, commas, pending, inNumber } = done.split;
        if (!tailRead || inNumber || commas !== rows * edges.width + pending.length || !tailRead.join(pending)) return null;
        if (rows + tailRead.rows !== edges.columns.edgeType.length) return null;
      }
      parser.adoptEdges(edges.columns);
    }
    const snapshot = parser.end();
    options.onRead?.(!edges ? 'one thread' : tail ? 'worker and tail' : 'worker');
    return snapshot;
  } catch {
    return null;
  } finally {
    await pending?.catch(() => undefined);
    await edges?.stop();
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Reads `edges` from byte `start` to its ']' at `end` backwards into the columns' last rows
 * (edges-tail.ts); null when anything is out of place.
 */
async function readTail(handle: FileHandle, buffer: Buffer, start: number, end: number, headerValue: unknown, columns: EdgeColumns): Promise<EdgesTail | null> {
  const { header, edgeFields } = validateHeader(headerValue);
  const { meta } = header;
  const tail = new EdgesTail(columns, edgeFields, meta.edge_fields.length, meta.node_fields.length, header.node_count, meta.edge_types[0].length);
  let position = end;
  while (position > start) {
    const from = Math.max(start, position - buffer.length);
    const { bytesRead } = await handle.read(buffer, 0, position - from, from);
    if (bytesRead !== position - from || !tail.write(buffer, 0, bytesRead)) return null;
    position = from;
  }
  return tail.finish() ? tail : null;
}

/** The position of the first `byte` in [from, to), or -1. */
async function find(handle: FileHandle, buffer: Buffer, from: number, byte: number, to = Infinity): Promise<number> {
  let position = from;
  while (position < to) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, to - position), position);
    if (bytesRead === 0) return -1;
    const at = buffer.subarray(0, bytesRead).indexOf(byte);
    if (at >= 0) return position + at;
    position += bytesRead;
  }
  return -1;
}

/** The whole file on this thread. */
async function readOneThread(path: string): Promise<HeapSnapshot> {
  let parser = new SnapshotParser();
  let handle: FileHandle | null = null;
  let gzip = false;
  let pending: Promise<FileReadResult<Buffer>> | null = null;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new HeapSnapshotError(`${path} is a directory, not a heap snapshot`);
    parser = new SnapshotParser(stat.size);
    // Two buffers, each reused: the next read runs (on libuv's thread) while this chunk is
    // parsed, so reading the file costs no time of its own; and no trail of chunks for the GC.
    const buffers = [Buffer.allocUnsafe(READ_SIZE), Buffer.allocUnsafe(READ_SIZE)];
    let which = 0;
    pending = handle.read(buffers[0], 0, READ_SIZE, null);
    let first = true;
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      if (first && bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
        gzip = true;
        break;
      }
      first = false;
      which ^= 1;
      pending = handle.read(buffers[which], 0, READ_SIZE, null);
      parser.write(buffer.subarray(0, bytesRead));
    }
  } catch (error) {
    throw asSnapshotError(error, path);
  } finally {
    // A read may still be under way when parsing failed: let it end before the file closes.
    await pending?.catch(() => undefined);
    await handle?.close();
  }
  if (gzip) {
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip())) {
        parser.write(chunk as Buffer);
      }
    } catch (error) {
      if (isZlibError(error)) throw new HeapSnapshotError(`${path}: the gzip data is corrupt or truncated`);
      throw asSnapshotError(error, path);
    }
  }
  try {
    return parser.end();
  } catch (error) {
    throw asSnapshotError(error, path);
  }
}

function asSnapshotError(error: unknown, path: string): Error {
  if (error instanceof HeapSnapshotError) {
    return error.message.startsWith(path) ? error : new HeapSnapshotError(`${path}: ${error.message}`);
  }
  if ((error as { code?: string })?.code) return new HeapSnapshotError(`cannot read ${path}: ${describeFsError(error)}`);
  return error as Error;
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return code.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED';
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string })?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** Parses a whole snapshot held in memory (tests and small inputs). */
export function parseHeapSnapshot(data: string | Uint8Array): HeapSnapshot {
  const parser = new SnapshotParser();
  parser.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  return parser.end();
}
