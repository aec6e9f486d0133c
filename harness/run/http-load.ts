// The load `oomlab serve` sends to a server it started: HTTP requests from the lab's own
// process (so the load generator's memory is never in the server's heap), over keep-alive
// connections, to loopback only, a bounded number of them, each with a time limit.
// One request is one iteration; `{i}` in a path, a header or the body is its number.

import { Agent, request } from 'node:http';

export interface RequestSpec {
  method: string;
  /** Starts with '/'; `{i}` is replaced by the iteration number. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** How the responses went, counted over everything sent (warm-up included). */
export interface LoadStats {
  sent: number;
  /** 2xx and 3xx. */
  ok: number;
  /** Status code → count, for every response that was not 2xx or 3xx. */
  failedStatuses: Record<string, number>;
  /** Requests that got no response: the connection was refused or reset, or it timed out. */
  errors: number;
  /** The first error's message, for the report. */
  firstError?: string;
}

/** "GET /orders/{i}" → a request; one line of the user's input, so errors say what is wrong. */
export function parseRequestSpec(text: string, headers: Record<string, string> = {}, body?: string): RequestSpec {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(text);
  if (!match) throw new Error(`--request takes "<METHOD> <path>", e.g. "GET /orders/{i}", not '${text.slice(0, 80)}'`);
  return { method: match[1].toUpperCase(), path: match[2], headers, ...(body !== undefined ? { body } : {}) };
}

const fill = (text: string, i: number): string => text.replaceAll('{i}', String(i));

export class HttpLoad {
  private readonly agent: Agent;
  readonly stats: LoadStats = { sent: 0, ok: 0, failedStatuses: {}, errors: 0 };

  constructor(
    private readonly port: number,
    private readonly requests: readonly RequestSpec[],
    private readonly concurrency: number,
    private readonly requestTimeoutMs = 10_000,
  ) {
    if (requests.length === 0) throw new Error('no request to send');
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  }

  /** One request, iteration `i`: the specs rotate. Resolves when its response is read to its end. */
  private one(i: number): Promise<void> {
    const spec = this.requests[i % this.requests.length];
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name] = fill(value, i);
    const body = spec.body === undefined ? undefined : fill(spec.body, i);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    this.stats.sent++;
    return new Promise((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: this.port, method: spec.method, path: fill(spec.path, i), headers, agent: this.agent, timeout: this.requestTimeoutMs },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 400) this.stats.ok++;
          else this.stats.failedStatuses[status] = (this.stats.failedStatuses[status] ?? 0) + 1;
          res.resume();
          res.on('end', resolve);
          res.on('error', () => this.error(new Error('the response was cut off'), resolve));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no response within ${this.requestTimeoutMs / 1000} s`)));
      req.on('error', (error) => this.error(error, resolve));
      req.end(body);
    });
  }

  private error(error: Error, resolve: () => void): void {
    this.stats.errors++;
    this.stats.firstError ??= error.message;
    resolve();
  }

  /** Sends iterations from..to-1, at most `concurrency` at a time; resolves when every response is in. */
  async run(from: number, to: number): Promise<void> {
    let next = from;
    const worker = async (): Promise<void> => {
      while (next < to) await this.one(next++);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, Math.max(0, to - from)) }, worker));
  }

  /** Closes the keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

/** "500 ×12, no response ×3": the failures by kind. */
export function failureWords(load: LoadStats): string {
  const words = Object.entries(load.failedStatuses).map(([status, n]) => `${status} ×${n}`);
  if (load.errors) words.push(`no response ×${load.errors}${load.firstError ? ` (${load.firstError})` : ''}`);
  return words.join(', ');
}
