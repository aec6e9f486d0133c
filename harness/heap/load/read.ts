// Reading a snapshot from disk or memory into the loader: gzip detection, one reused read
// buffer, and turning file-system and zlib failures into one-line HeapSnapshotErrors that
// name the file. Separate from the loader, which sees only bytes and knows nothing of files.

import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { HeapSnapshotError, type HeapSnapshot } from '../snapshot.ts';
import { SnapshotParser } from './loader.ts';

/** Reads a .heapsnapshot (or a gzip-compressed .heapsnapshot.gz) from disk as a stream. */
export async function readHeapSnapshot(path: string): Promise<HeapSnapshot> {
  let parser = new SnapshotParser();
  let handle: FileHandle | null = null;
  let gzip = false;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new HeapSnapshotError(`${path} is a directory, not a heap snapshot`);
    parser = new SnapshotParser(stat.size);
    // One buffer, reused for every read: no trail of chunks for the GC to collect.
    const buffer = Buffer.allocUnsafe(4 << 20);
    let first = true;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      if (first && bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
        gzip = true;
        break;
      }
      first = false;
      parser.write(buffer.subarray(0, bytesRead));
    }
  } catch (error) {
    throw asSnapshotError(error, path);
  } finally {
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
