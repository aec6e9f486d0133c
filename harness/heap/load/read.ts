// Reading a snapshot from disk or memory into the loader: gzip detection, one reused read
// buffer, and turning file-system and zlib failures into one-line HeapSnapshotErrors that
// name the file. Separate from the loader, which sees only bytes and knows nothing of files.

import { createReadStream } from 'node:fs';
import { open, type FileHandle, type FileReadResult } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { HeapSnapshotError, type HeapSnapshot } from '../snapshot.ts';
import { SnapshotParser } from './loader.ts';

/** Bytes per read: large enough that a read's cost is all copying. */
const READ_SIZE = 4 << 20;

/** Reads a .heapsnapshot (or a gzip-compressed .heapsnapshot.gz) from disk as a stream. */
export async function readHeapSnapshot(path: string): Promise<HeapSnapshot> {
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
