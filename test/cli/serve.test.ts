// `oomlab serve`: real servers, started unmodified, loaded with real requests, judged by the
// same verdict as a workload; and servers that cannot be judged, each with one clear line.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot, runScript } from '../helpers/run-script.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { alive } from '../helpers/node-process.ts';

interface ServeJson {
  verdict: string;
  unit: string;
  bytesPerIteration: number | null;
  culprit: { holder?: string } | null;
  port: number | null;
  requests: { sent: number; ok: number; failedStatuses: Record<string, number> };
  stdout: string;
  ok: boolean;
  forecast?: { heapLimit: number; heapUsed: number; iterationsToLimit: number | null };
  error?: { message: string };
}

const serve = async (entry: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; json: ServeJson | null; stderr: string }> => {
  const run = await runScript('serve', [entry, '--json', ...args], { timeout: 150_000, env });
  let json: ServeJson | null = null;
  try {
    json = JSON.parse(run.stdout) as ServeJson;
  } catch {
    // Setup errors print no document: the test reads stderr.
  }
  return { status: run.status, json, stderr: run.stderr };
};

/** The port can be listened on again: the server that had it is gone. */
const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });


describe('oomlab serve judges real servers', () => {
  it('an express app (ESM) with an unbounded per-request cache: leak, held by its module variable, in bytes per request; the port is free afterwards', async () => {
    const { status, json } = await serve('examples/orders-api/server.mjs', ['--request', 'GET /orders/{i}', '--max-old-space-size', '64']);
    expect(status).toBe(1);
    expect(json!.verdict).toBe('leak');
    expect(json!.unit).toBe('request');
    expect(json!.bytesPerIteration).toBeGreaterThan(100);
    expect(json!.culprit!.holder).toBe('server.mjs (module) → rendered');
    expect(json!.requests.ok).toBe(json!.requests.sent);
    // The forecast: the server's own heap limit, its 64 MiB of old space (where what leaks
    // ends up; not heap_size_limit, which adds the young generation's 48 to 192 MiB), and the
    // room left divided by the rate.
    const f = json!.forecast!;
    expect(f.heapLimit).toBe(64 * 2 ** 20);
    expect(f.iterationsToLimit).toBe(Math.floor((f.heapLimit - f.heapUsed) / json!.bytesPerIteration!));
    // The server's own output reaches the report.
    expect(json!.stdout).toMatch(/orders API on http:\/\/localhost:\d+/);
    expect(await portIsFree(json!.port!)).toBe(true);
  }, 160_000);

  it('the same express app with its cache bounded: clean, exit 0', async () => {
    const { status, json } = await serve('examples/orders-api/server-fixed.mjs', ['--request', 'GET /orders/{i}']);
    expect(json!.verdict).toBe('clean');
    expect(json!.forecast).toBeUndefined();
    expect(status).toBe(0);
  }, 160_000);

  it('a node:http server (CommonJS) adding a listener per request: leak, held by the emitter\'s listener list', async () => {
    const { status, json } = await serve('test/servers/http-listener-leak.cjs', ['--request', 'GET /a/{i}', '--request', 'POST /b/{i}', '--concurrency', '2']);
    expect(status).toBe(1);
    expect(json!.verdict).toBe('leak');
    expect(json!.culprit!.holder).toMatch(/^http-listener-leak\.cjs \(module\) → settings\._events\.currency/);
  }, 160_000);

  it('the node:http server removing its listener when the response ends: clean', async () => {
    const { status, json } = await serve('test/servers/http-listener-fixed.cjs', ['--request', 'GET /a/{i}']);
    expect(json!.verdict).toBe('clean');
    expect(status).toBe(0);
  }, 160_000);
});

describe('servers that cannot be judged: one clear line, exit 2', () => {
  it('a server that crashes at start', async () => {
    const { status, json } = await serve('test/servers/crashes-at-start.mjs');
    expect(status).toBe(2);
    expect(json!.verdict).toBe('crash');
    expect(json!.error!.message).toBe('the server exited with code 1 before it listened');
  }, 60_000);

  it('a server that never listens', async () => {
    const { status, json } = await serve('test/servers/never-listens.mjs', ['--listen-timeout', '2']);
    expect(status).toBe(2);
    expect(json!.error!.message).toMatch(/^the server did not listen within 2 s \(PORT was \d+; if it listens elsewhere, give --port\)$/);
  }, 60_000);

  it('a server that answers 500s is counted, shown, and not a clean bill of health', async () => {
    const { status, json } = await serve('test/servers/answers-500.mjs', ['--iterations', '50', '--warmup', '10']);
    expect(status).toBe(2);
    expect(json!.requests.failedStatuses).toEqual({ 500: 210 });
    expect(json!.error!.message).toBe('210 of 210 requests failed (500 ×210): a server that fails its requests cannot be judged');
  }, 60_000);

  it('a PORT that another process takes before the server binds it: serve starts it again on another port', async () => {
    const marker = join(scratchDir('oomlab-marker-'), 'lost');
    const { status, json } = await serve('test/servers/port-taken-once.mjs', ['--iterations', '50', '--warmup', '10'], { OOMLAB_TEST_MARKER: marker });
    expect(existsSync(marker)).toBe(true);
    expect(status).toBe(0);
    expect(json!.verdict).toBe('clean');
  }, 60_000);

  it('a port that is taken, a missing file: one line, no trace', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    const taken = await serve('test/servers/writes-pid.mjs', ['--port', String(port)]);
    holder.close();
    expect(taken.status).toBe(2);
    expect(taken.stderr).toBe(`serve: port ${port} is taken: another process listens on it; stop it or give another --port\n`);
    const missing = await serve('test/servers/no-such-server.mjs');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('serve: no server file test/servers/no-such-server.mjs\n');
  }, 60_000);
});

describe('a served server is ours to end', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} to serve mid-run: the server's group is killed, its port freed, its temp folder removed`, async () => {
      const pidFile = join(scratchDir('oomlab-pids-'), 'pids');
      // The run's temp folders go here, so the test sees exactly its own.
      const tmp = scratchDir('oomlab-tmp-');
      const cli = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', 'test/servers/writes-pid.mjs', '--iterations', '100000', '--json'], {
        cwd: projectRoot,
        env: { ...process.env, OOMLAB_TEST_PIDFILE: pidFile, TMPDIR: tmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      cli.stdout!.on('data', (d: Buffer) => (output += d));
      cli.stderr!.on('data', (d: Buffer) => (output += d));
      let done = false;
      const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => ((done = true), resolve(code))));
      const deadline = Date.now() + 45_000;
      const up = (): boolean => existsSync(pidFile) && readFileSync(pidFile, 'utf8').split('\n').length > 2;
      while (!up() && !done && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Why the server never came up, when it did not: serve's own words.
      expect(up(), `serve ${done ? 'ended' : 'is still starting'} and the server never wrote its pid: ${output.slice(0, 2000)}`).toBe(true);
      const [pid, port] = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
      // Mid-load.
      await new Promise((r) => setTimeout(r, 1500));
      expect(alive(pid)).toBe(true);
      expect(readdirSync(tmp).filter((name) => name.startsWith('oomlab-'))).toHaveLength(1);
      cli.kill(signal);
      expect(await exited).toBe(128 + (signal === 'SIGINT' ? 2 : 15));
      const gone = Date.now() + 3000;
      while (alive(pid) && Date.now() < gone) await new Promise((r) => setTimeout(r, 100));
      expect(alive(pid)).toBe(false);
      expect(await portIsFree(port)).toBe(true);
      expect(readdirSync(tmp).filter((name) => name.startsWith('oomlab-'))).toEqual([]);
    }, 60_000);
  }
});
