// The load `serve` sends: one request per iteration, {i} filled in, specs rotating, failures
// counted by status, at most `concurrency` in flight, over keep-alive connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { HttpLoad, parseRequestSpec } from '../../harness/run/http-load.ts';

const seen: { method: string; url: string; header: string | undefined; body: string }[] = [];
const sockets = new Set<unknown>();
let inFlight = 0;
let maxInFlight = 0;
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    sockets.add(req.socket);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, header: req.headers['x-order'] as string | undefined, body });
      setTimeout(() => {
        inFlight--;
        res.statusCode = req.url!.startsWith('/fail') ? 503 : 200;
        res.end('ok');
      }, 2);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('HttpLoad', () => {
  it('sends iterations from..to, {i} in path, header and body, specs rotating; 5xx counted; keep-alive, at most `concurrency` at once', async () => {
    const load = new HttpLoad(
      port,
      [parseRequestSpec('GET /orders/{i}', { 'x-order': 'n{i}' }), parseRequestSpec('post /fail/{i}', {}, '{"id":{i}}')],
      3,
    );
    await load.run(10, 22);
    load.close();
    expect(seen.map((r) => `${r.method} ${r.url}`).sort()).toEqual(
      Array.from({ length: 12 }, (_, k) => (k % 2 === 0 ? `GET /orders/${10 + k}` : `POST /fail/${10 + k}`)).sort(),
    );
    expect(seen.find((r) => r.url === '/orders/14')!.header).toBe('n14');
    expect(seen.find((r) => r.url === '/fail/15')!.body).toBe('{"id":15}');
    expect(load.stats).toEqual({ sent: 12, ok: 6, failedStatuses: { 503: 6 }, errors: 0 });
    expect(maxInFlight).toBe(3);
    expect(sockets.size).toBe(3);
  });

  it('counts a request with no response (nothing listens) as an error, with its message', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const load = new HttpLoad(deadPort, [parseRequestSpec('GET /')], 1);
    await load.run(0, 2);
    load.close();
    expect(load.stats.errors).toBe(2);
    expect(load.stats.firstError).toMatch(/ECONNREFUSED/);
  });

  it('reads "<METHOD> <path>" and nothing else', () => {
    expect(parseRequestSpec('delete /a?b={i}')).toEqual({ method: 'DELETE', path: '/a?b={i}', headers: {} });
    expect(() => parseRequestSpec('/orders')).toThrow('--request takes "<METHOD> <path>"');
    expect(() => parseRequestSpec('GET http://evil.example/')).toThrow('--request takes');
  });
});
