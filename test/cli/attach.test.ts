// `oomlab attach`: a server already running, started by the test as a user would start it,
// judged over its inspector while a drive command loads it; it must serve afterwards, with
// its inspector closed, never stopped.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { runScript } from '../helpers/run-script.ts';

/** A free loopback port. */
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const status = (port: number, path: string): Promise<number> =>
  new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', () => resolve(0));
  });

/** The TCP ports a process listens on (Linux: its socket fds matched against /proc/net/tcp). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // Closed meanwhile.
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[3] === '0A' && inodes.has(cols[9])) ports.push(parseInt(cols[1].split(':')[1], 16));
    }
  }
  return ports.sort((a, b) => a - b);
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
