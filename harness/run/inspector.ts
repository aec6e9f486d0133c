// A session on another Node process's inspector (the Chrome DevTools Protocol over a
// WebSocket, through `ws`): what `oomlab serve` and `oomlab attach` use to settle a process
// and take its heap snapshots from outside, so nothing of the lab runs inside it.
//
// Only the few commands the lab needs: Runtime.evaluate (for figures such as
// process.memoryUsage(), returned by value so no remote object stays alive),
// HeapProfiler.collectGarbage and HeapProfiler.takeHeapSnapshot, whose chunks are streamed
// into a file as they come (a snapshot can be larger than a string may be).

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import WebSocket from 'ws';

interface Pending {
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

/** The inspector could not be reached, answered with an error, or went away. */
export class InspectorError extends Error {
  override name = 'InspectorError';
}

export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, (params: Record<string, unknown>) => void>();
  private closedWith: Error | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', () => this.fail(new InspectorError('the inspector closed the connection')));
    socket.on('error', (error) => this.fail(new InspectorError(`inspector: ${error.message}`)));
  }

  /** Connects to a `ws://127.0.0.1:<port>/<id>` URL, as printed by `--inspect` or listed at /json/list. */
  static async connect(url: string, timeoutMs = 5000): Promise<InspectorSession> {
    // No compression, no redirects: a plain local socket; the maximum message size is raised
    // for snapshot chunks and large evaluate results.
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs, maxPayload: 256 * 1024 * 1024 });
    try {
      await Promise.race([
        once(socket, 'open'),
        once(socket, 'error').then(([error]) => {
          throw error;
        }),
      ]);
    } catch (error) {
      socket.terminate();
      throw new InspectorError(`cannot open the inspector at ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return new InspectorSession(socket);
  }

  private receive(text: string): void {
    let message: { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message?: string } };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.id === 'number') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new InspectorError(`inspector: ${message.error.message ?? 'error'}`));
      else waiting.resolve(message.result ?? {});
    } else if (typeof message.method === 'string') {
      this.listeners.get(message.method)?.(message.params ?? {});
    }
  }

  private fail(error: Error): void {
    if (this.closedWith) return;
    this.closedWith = error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  /** Sends one command and resolves with its result; rejects when the process or the socket goes away. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }), (error) => {
        if (error) {
          this.pending.delete(id);
          reject(new InspectorError(`inspector: ${error.message}`));
        }
      });
    });
  }

  /** Evaluates an expression in the process and returns its value (awaited when it is a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true, silent: true })) as {
      result?: { value?: T };
      exceptionDetails?: { text?: string; exception?: { description?: string } };
    };
    if (reply.exceptionDetails) {
      throw new InspectorError(`evaluation failed: ${reply.exceptionDetails.exception?.description?.split('\n')[0] ?? reply.exceptionDetails.text ?? 'error'}`);
    }
    return reply.result?.value as T;
  }

  /** Two full collections: the second frees what the first one's finalizers released. */
  async collectGarbage(): Promise<void> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
  }

  /** Takes a heap snapshot, streamed chunk by chunk into `file`. */
  async takeHeapSnapshot(file: string): Promise<void> {
    const out = createWriteStream(file);
    let failed: Error | null = null;
    out.on('error', (error) => (failed = error));
    this.listeners.set('HeapProfiler.addHeapSnapshotChunk', (params) => {
      if (typeof params.chunk === 'string') out.write(params.chunk);
    });
    try {
      await this.send('HeapProfiler.enable');
      await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
    } finally {
      this.listeners.delete('HeapProfiler.addHeapSnapshotChunk');
      out.end();
      await once(out, 'close').catch(() => undefined);
    }
    if (failed) throw new InspectorError(`cannot write the snapshot ${file}: ${(failed as Error).message}`);
  }

  /** Closes our connection (the process's inspector stays as it is). */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = once(this.socket, 'close').catch(() => undefined);
    this.socket.close();
    const timer = setTimeout(() => this.socket.terminate(), 1000);
    await closed;
    clearTimeout(timer);
  }
}
