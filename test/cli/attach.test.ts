// `oomlab attach`: a server already running, started by the test as a user would start it,
// judged over its inspector while a drive command loads it; it must serve afterwards, with
// its inspector closed, never stopped.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { alive, freePort, startNode } from '../helpers/node-process.ts';
import { runScript } from '../helpers/run-script.ts';
import { inspectorTarget } from '../../harness/run/attach.ts';
import { listeningPorts as listening } from '../../harness/run/listening-ports.ts';

const status = (port: number, path: string): Promise<number> =>
  new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', () => resolve(0));
  });

/** The TCP ports a process listens on (Linux: /proc). */
const listeningPorts = (pid: number): number[] => (listening(pid) ?? []).map((p) => p.port);

/** Gone: no such process any more (it was killed and reaped). */
async function gone(pid: number): Promise<boolean> {
  for (let tries = 0; tries < 50; tries++) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

interface AttachJson {
  verdict: string;
  pid: number;
  culprit: { holder: string } | null;
  bytesPerIteration: number;
  inspector: { address: string; openedByOomlab: boolean; closed: boolean };
}

describe.skipIf(process.platform !== 'linux')('oomlab attach', () => {
  it('judges a running leaking server (the express example, its per-request cache) with its holder named; it still serves afterwards, its inspector closed', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, ['examples/orders-api/server.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    // (Its stdout and stderr, the inspector's lines among them, are not read.)
    try {
      for (let tries = 0; tries < 50 && (await status(port, '/health')) !== 200; tries++) await new Promise((r) => setTimeout(r, 100));
      expect(listeningPorts(server.pid!)).toEqual([port]);
      const run = await runScript('attach', [String(server.pid), '--drive', `node examples/orders-api/load.mjs ${port} 300 orders`, '--json'], { timeout: 150_000 });
      expect(run.stderr).toMatch(new RegExp(`^attach: the inspector of process ${server.pid} is open on 127\\.0\\.0\\.1:9229 \\(opened by oomlab; closed at the end\\): while it is, anyone who can reach that port can run code in the process\\.\\n$`));
      const result = JSON.parse(run.stdout) as {
        verdict: string;
        pid: number;
        culprit: { holder: string } | null;
        bytesPerIteration: number;
        bytesPerMinute: number;
        inspector: { address: string; openedByOomlab: boolean; closed: boolean };
      };
      expect(run.status).toBe(1);
      expect(result.verdict).toBe('leak');
      expect(result.pid).toBe(server.pid);
      expect(result.culprit!.holder).toBe('server.mjs (module) → rendered');
      // 300 requests a round, a rendered order (a string of ~250 bytes) each.
      expect(result.bytesPerIteration).toBeGreaterThan(300 * 100);
      expect(result.bytesPerMinute).toBeGreaterThan(result.bytesPerIteration);
      expect(result.inspector).toEqual({ address: '127.0.0.1:9229', openedByOomlab: true, closed: true });
      // Left as found: alive, serving, listening on its own port only.
      expect(server.exitCode).toBeNull();
      expect(await status(port, '/orders/1')).toBe(200);
      expect(listeningPorts(server.pid!)).toEqual([port]);
    } finally {
      server.kill('SIGKILL');
    }
  }, 160_000);

  it('finds the inspector of a process started with --inspect=127.0.0.1:0 among its own ports, uses it and leaves it open (the CommonJS listener leak)', async () => {
    const port = await freePort();
    const started = await startNode(['--inspect=127.0.0.1:0', 'test/servers/http-listener-leak.cjs'], /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//, { PORT: String(port) });
    const server = started.child;
    try {
      const inspector = Number(started.match[1]);
      for (let tries = 0; tries < 50 && (await status(port, '/health')) !== 200; tries++) await new Promise((r) => setTimeout(r, 100));
      expect(inspector).not.toBe(9229);
      expect(listeningPorts(server.pid!)).toEqual([port, inspector].sort((a, b) => a - b));
      const run = await runScript('attach', [String(server.pid), '--drive', `node examples/orders-api/load.mjs ${port} 300 a`, '--json'], { timeout: 150_000 });
      expect(run.stderr).toBe(`attach: the inspector of process ${server.pid} is open on 127.0.0.1:${inspector} (it was open before; left open): while it is, anyone who can reach that port can run code in the process.\n`);
      const result = JSON.parse(run.stdout) as AttachJson;
      expect(run.status).toBe(1);
      expect(result.verdict).toBe('leak');
      expect(result.pid).toBe(server.pid);
      expect(result.culprit!.holder).toMatch(/^http-listener-leak\.cjs \(module\) → settings\._events\.currency/);
      expect(result.inspector).toEqual({ address: `127.0.0.1:${inspector}`, openedByOomlab: false, closed: true });
      // Left as found: alive, serving, its inspector still open where it was.
      expect(server.exitCode).toBeNull();
      expect(await status(port, '/x')).toBe(200);
      expect(await inspectorTarget('127.0.0.1', inspector)).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
      expect(listeningPorts(server.pid!)).toEqual([port, inspector].sort((a, b) => a - b));
    } finally {
      server.kill('SIGKILL');
    }
    expect(await gone(server.pid!)).toBe(true);
  }, 160_000);

  it('opens the inspector of a process started with --inspect-port=0 by SIGUSR1, finds the port the kernel gave it, and closes it again; the server still serves', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, ['--inspect-port=0', 'examples/orders-api/server.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    try {
      for (let tries = 0; tries < 50 && (await status(port, '/health')) !== 200; tries++) await new Promise((r) => setTimeout(r, 100));
      expect(listeningPorts(server.pid!)).toEqual([port]);
      const run = await runScript('attach', [String(server.pid), '--drive', `node examples/orders-api/load.mjs ${port} 300 orders`, '--json'], { timeout: 150_000 });
      const opened = new RegExp(`^attach: the inspector of process ${server.pid} is open on 127\\.0\\.0\\.1:(\\d+) \\(opened by oomlab; closed at the end\\)`).exec(run.stderr);
      expect(opened).not.toBeNull();
      const inspector = Number(opened![1]);
      expect([port, 9229]).not.toContain(inspector);
      const result = JSON.parse(run.stdout) as AttachJson;
      expect(run.status).toBe(1);
      expect(result.verdict).toBe('leak');
      expect(result.culprit!.holder).toBe('server.mjs (module) → rendered');
      expect(result.inspector).toEqual({ address: `127.0.0.1:${inspector}`, openedByOomlab: true, closed: true });
      // Left as found: alive, serving, listening on its own port only, the inspector closed.
      expect(server.exitCode).toBeNull();
      expect(await status(port, '/orders/1')).toBe(200);
      expect(listeningPorts(server.pid!)).toEqual([port]);
      expect(await inspectorTarget('127.0.0.1', inspector, 500)).toBeNull();
    } finally {
      server.kill('SIGKILL');
    }
    expect(await gone(server.pid!)).toBe(true);
  }, 160_000);

  it('a process that SIGUSR1 would end (not Node) is left alone: one line, exit 2, and it lives on', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const run = await runScript('attach', [String(sleeper.pid), '--every', '1s']);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^attach: process ${sleeper.pid} does not handle SIGUSR1 \\(not a Node process, or started with --disable-sigusr1\\): it is left alone`));
      expect(sleeper.exitCode).toBeNull();
      expect(sleeper.signalCode).toBeNull();
    } finally {
      sleeper.kill('SIGKILL');
    }
  }, 30_000);

  it("prints what an endpoint answered escaped for the terminal: one line, exit 2", async () => {
    // Its process.pid throws an error whose message would clear the screen and reverse the text.
    const hostile = await startNode(['--inspect=127.0.0.1:0', '-e', "Object.defineProperty(process, 'pid', { get() { throw new Error('\\x1b[2Jgone\\u202e') } }); console.log('up'); setInterval(() => {}, 1000)"], /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*^up$/m);
    try {
      const run = await runScript('attach', [`127.0.0.1:${hostile.match[1]}`, '--every', '1s']);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe('attach: evaluation failed: Error: \\u001b[2Jgone\\u202e\n');
    } finally {
      hostile.child.kill('SIGKILL');
    }
  }, 30_000);

  it('no such process, no inspector: one line, exit 2', async () => {
    const run = await runScript('attach', ['999999999', '--every', '1s']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('attach: no process 999999999\n');
    const port = await freePort();
    const none = await runScript('attach', [`127.0.0.1:${port}`, '--every', '1s']);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(`attach: no inspector answers at 127.0.0.1:${port}\n`);
  }, 30_000);
});
