// The main thread's side of edges-worker.ts: starts it with shared edge columns and turns its
// messages and failures into two promises. A worker that cannot start, crashes or reports a
// problem is not an error here: read.ts then parses on one thread, as it always could.

import { Worker } from 'node:worker_threads';
import type { EdgeColumns } from './loader.ts';
import type { EdgesJob, EdgesMessage, EdgesSplit } from './edges-worker.ts';

export class EdgesThread {
  /** Where the worker found the `edges` array's first value; -1 if not found or it failed. */
  readonly found: Promise<number>;
  /**
   * Once the worker is done: the byte after the array's ']' (it parsed it all), or how far it got
   * (it stopped at limit()); null on any failure.
   */
  readonly done: Promise<{ end: number } | { split: EdgesSplit } | null>;
  private worker: Worker | null = null;
  private readonly control = new BigInt64Array(new SharedArrayBuffer(8));
  /** Values per edge record. */
  readonly width: number;

  constructor(
    path: string,
    header: unknown,
    readonly columns: EdgeColumns,
    waitForLimit = false,
  ) {
    this.width = (header as { meta: { edge_fields: string[] } }).meta.edge_fields.length;
    let found!: (at: number) => void;
    let done!: (outcome: { end: number } | { split: EdgesSplit } | null) => void;
    this.found = new Promise((resolve) => (found = resolve));
    this.done = new Promise((resolve) => (done = resolve));
    const fail = (): void => {
      found(-1);
      done(null);
    };
    try {
      const job: EdgesJob = { path, header, columns, control: this.control, waitForLimit };
      const worker = (this.worker = startWorker(job));
      worker.on('message', (message: EdgesMessage) => {
        if ('found' in message) {
          found(message.found);
          if (message.found < 0) done(null);
        } else if ('error' in message) fail();
        else done(message);
      });
      worker.on('error', fail);
      worker.on('exit', fail);
    } catch {
      fail();
    }
  }

  /** Shared columns for `edgeCount` edges: the worker writes them, this thread keeps them. */
  static columns(edgeCount: number): EdgeColumns {
    return {
      edgeType: new Uint8Array(new SharedArrayBuffer(edgeCount)),
      edgeNameOrIndex: new Uint32Array(new SharedArrayBuffer(edgeCount * 4)),
      edgeTo: new Uint32Array(new SharedArrayBuffer(edgeCount * 4)),
    };
  }

  /**
   * Asks the worker to stop at byte `limit` of the file (this thread parses from there): true
   * if it will, false if it has already claimed bytes beyond it. Number.MAX_SAFE_INTEGER: no
   * limit (it wakes a worker told to wait for one).
   */
  limit(limit: number): boolean {
    for (;;) {
      const claimed = Atomics.load(this.control, 0);
      if (claimed < 0n || claimed > BigInt(limit)) return false;
      if (Atomics.compareExchange(this.control, 0, claimed, BigInt(-limit)) === claimed) {
        Atomics.notify(this.control, 0);
        return true;
      }
    }
  }

  /** Ends the worker, if it still runs. */
  async stop(): Promise<void> {
    await this.worker?.terminate();
  }
}

/**
 * The built package runs edges-worker.js beside this file. A checkout runs the TypeScript: the
 * worker registers tsx first (a worker does not inherit the loader vitest or tsx gave this thread).
 */
function startWorker(job: EdgesJob): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./edges-worker.js', self), { workerData: job });
  const source =
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\n` +
    `register();\n` +
    `await import(${JSON.stringify(new URL('./edges-worker.ts', self).href)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { workerData: job });
}
