// attachToPid finds a process's inspector among its own listening ports (Linux /proc), never
// another process's; where /proc cannot tell, it falls back to the one port it is given.
import { describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import { attachToAddress, attachToPid, detach, inspectorTarget, pointsAt } from '../../harness/run/attach.ts';
import { listeningPorts } from '../../harness/run/listening-ports.ts';
import { freePort, IDLE, idleNode, startNode } from '../helpers/node-process.ts';

/** A local IPv4 address of this machine that is not loopback (nor link-local), or null. */
const nonLoopback = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'))?.address ?? null;

/** The ports process `pid` listens on, once they settle to `expected` (or after 3 s). */
async function portsSettled(pid: number, expected: number[]): Promise<number[]> {
  let ports: number[] = [];
  for (let tries = 0; tries < 30; tries++) {
    ports = (listeningPorts(pid) ?? []).map((p) => p.port);
    if (JSON.stringify(ports) === JSON.stringify(expected)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return ports;
}

/** Code for a process that serves GET /json/list on 127.0.0.1:`port` (0: the kernel's choice) with `targets`, printing 'asked' each time and 'up <port>' once listening. */
function fakeJsonList(port: number, targets: string): string {
  return `const s = require('node:http').createServer((q, r) => { console.log('asked ' + q.url); r.setHeader('content-type', 'application/json'); r.end(JSON.stringify(${targets})); }).listen(${port}, '127.0.0.1', () => console.log('up ' + s.address().port));`;
}

describe.skipIf(process.platform !== 'linux')('attachToPid', () => {
  it("opens the process's own inspector (SIGUSR1, --inspect-port=0) even when another process's inspector listens on the port it would have guessed; closes it after", async () => {
    const otherPort = await freePort();
    const other = (await idleNode([`--inspect=127.0.0.1:${otherPort}`])).child;
    const target = (await idleNode(['--inspect-port=0'])).child;
    try {
      const attached = await attachToPid(target.pid!, otherPort, 5000);
      expect(attached.pid).toBe(target.pid);
      expect(attached.opened).toBe(true);
      expect(attached.port).not.toBe(otherPort);
      expect(attached.address).toBe(`127.0.0.1:${attached.port}`);
      expect(await attached.session.evaluate<number>('process.pid')).toBe(target.pid);
      expect(await detach(attached)).toBe(true);
      expect(await inspectorTarget('127.0.0.1', attached.port, 500)).toBeNull();
      // The other process's inspector was not touched.
      expect(await inspectorTarget('127.0.0.1', otherPort)).not.toBeNull();
    } finally {
      other.kill('SIGKILL');
      target.kill('SIGKILL');
    }
  }, 30_000);

  it('where /proc cannot tell, uses the port it is given, and says to give host:port when nothing answers there', async () => {
    const port = await freePort();
    const open = (await idleNode([`--inspect=127.0.0.1:${port}`])).child;
    const elsewhere = (await idleNode([`--inspect-port=${await freePort()}`])).child;
    try {
      const attached = await attachToPid(open.pid!, port, 2000, () => null);
      expect({ opened: attached.opened, address: attached.address, pid: attached.pid }).toEqual({ opened: false, address: `127.0.0.1:${port}`, pid: open.pid });
      expect(await detach(attached)).toBe(true);
      expect(await inspectorTarget('127.0.0.1', port)).not.toBeNull();
      const unused = await freePort();
      await expect(attachToPid(elsewhere.pid!, unused, 1000, () => null)).rejects.toThrow(
        `process ${elsewhere.pid} did not open an inspector on 127.0.0.1:${unused} within 1 s, and its listening ports cannot be read here (is it a Node process? started with another --inspect-port? then give host:port)`,
      );
    } finally {
      open.kill('SIGKILL');
      elsewhere.kill('SIGKILL');
    }
  }, 30_000);

  it.skipIf(nonLoopback === null)(
    nonLoopback
      ? `opens an inspector on a non-loopback address of this machine (--inspect-port=${nonLoopback}:0) where SIGUSR1 puts it, uses it there and closes it`
      : 'opens an inspector on a non-loopback address (skipped: this machine has no non-loopback IPv4 address)',
    async () => {
      const target = (await idleNode([`--inspect-port=${nonLoopback}:0`])).child;
      try {
        const attached = await attachToPid(target.pid!, 9229, 5000);
        expect({ opened: attached.opened, host: attached.host, pid: attached.pid }).toEqual({ opened: true, host: nonLoopback, pid: target.pid });
        expect(attached.address).toBe(`${nonLoopback}:${attached.port}`);
        expect(await attached.session.evaluate<number>('process.pid')).toBe(target.pid);
        expect(await detach(attached)).toBe(true);
        expect(await portsSettled(target.pid!, [])).toEqual([]);
      } finally {
        target.kill('SIGKILL');
      }
    },
    30_000,
  );

  it('closes an inspector it opened but cannot use (it answers another pid, as in a pid namespace) before failing', async () => {
    const target = (await idleNode(['--inspect-port=0'], "Object.defineProperty(process, 'pid', { value: 1 }); ")).child;
    try {
      await expect(attachToPid(target.pid!, 9229, 3000)).rejects.toThrow(new RegExp(`^process ${target.pid} answered SIGUSR1 with an inspector it cannot be judged through \\(closed again where it could be reached\\): the inspector at 127\\.0\\.0\\.1:\\d+ belongs to process 1, not ${target.pid}$`));
      expect(await portsSettled(target.pid!, [])).toEqual([]);
    } finally {
      target.kill('SIGKILL');
    }
  }, 30_000);

  it("never follows a WebSocket URL to another host:port than the one asked: another process's inspector is not even connected to", async () => {
    const other = await startNode(['--inspect=127.0.0.1:0', '-e', 'setInterval(() => {}, 1000)'], /Debugger listening on (ws:\/\/127\.0\.0\.1:(\d+)\/\S+)/);
    const target = await startNode(['--inspect-port=0', '-e', fakeJsonList(0, `[{ webSocketDebuggerUrl: ${JSON.stringify(other.match[1])} }]`)], /^up (\d+)$/m);
    const fakePort = Number(target.match[1]);
    try {
      expect(await inspectorTarget('127.0.0.1', fakePort)).toBeNull();
      const attached = await attachToPid(target.child.pid!, 9229, 5000);
      expect({ opened: attached.opened, pid: attached.pid }).toEqual({ opened: true, pid: target.child.pid });
      expect([fakePort, Number(other.match[2])]).not.toContain(attached.port);
      expect(await detach(attached)).toBe(true);
      expect(other.output()).not.toContain('Debugger attached');
    } finally {
      other.child.kill('SIGKILL');
      target.child.kill('SIGKILL');
    }
  }, 30_000);

  it('tries the next port when one answers /json/list but is no inspector', async () => {
    const [fake, inspector] = [await freePort(), await freePort()].sort((a, b) => a - b);
    const target = await startNode([`--inspect=127.0.0.1:${inspector}`, '-e', fakeJsonList(fake, `[{ webSocketDebuggerUrl: 'ws://127.0.0.1:${fake}/not-an-inspector' }]`)], /^up (\d+)$/m);
    try {
      expect((listeningPorts(target.child.pid!) ?? []).map((p) => p.port)).toEqual([fake, inspector]);
      const attached = await attachToPid(target.child.pid!, 9229, 5000);
      expect({ opened: attached.opened, port: attached.port, pid: attached.pid }).toEqual({ opened: false, port: inspector, pid: target.child.pid });
      expect(await detach(attached)).toBe(true);
      expect(target.output().match(/^asked \/json\/list$/gm)).toHaveLength(1);
    } finally {
      target.child.kill('SIGKILL');
    }
  }, 30_000);

  it('after SIGUSR1, asks a new port that is no inspector once, however long it waits', async () => {
    // SIGUSR1 handled by the program (no inspector): it opens a server instead.
    const target = await startNode(['-e', `process.on('SIGUSR1', () => { ${fakeJsonList(0, '[]')} }); ${'console.log("ready"); setInterval(() => {}, 1000)'}`], /^ready$/m);
    try {
      await expect(attachToPid(target.child.pid!, 9229, 1500)).rejects.toThrow(`process ${target.child.pid} did not open an inspector within 1.5 s after SIGUSR1`);
      expect(target.output()).toMatch(/^up \d+$/m);
      expect(target.output().match(/^asked \/json\/list$/gm)).toHaveLength(1);
    } finally {
      target.child.kill('SIGKILL');
    }
  }, 30_000);
});

describe.skipIf(process.platform !== 'linux')('attachToAddress', () => {
  it('takes only a safe positive integer for the process id an endpoint reports', async () => {
    const fractional = await startNode(['--inspect=127.0.0.1:0', '-e', `Object.defineProperty(process, 'pid', { value: 1.5 }); ${IDLE}`], /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*^up$/m);
    const huge = await startNode(['--inspect=127.0.0.1:0', '-e', `Object.defineProperty(process, 'pid', { value: 2 ** 53 }); ${IDLE}`], /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*^up$/m);
    try {
      await expect(attachToAddress('127.0.0.1', Number(fractional.match[1]))).rejects.toThrow(`the inspector at 127.0.0.1:${fractional.match[1]} answers no process id (1.5)`);
      await expect(attachToAddress('127.0.0.1', Number(huge.match[1]))).rejects.toThrow(`the inspector at 127.0.0.1:${huge.match[1]} answers no process id (9007199254740992)`);
    } finally {
      fractional.child.kill('SIGKILL');
      huge.child.kill('SIGKILL');
    }
  }, 30_000);
});

describe('pointsAt', () => {
  it('takes a WebSocket URL only as ws: at the host and port asked', () => {
    expect(pointsAt('ws://127.0.0.1:9229/abc', '127.0.0.1', 9229)).toBe(true);
    expect(pointsAt('ws://[::1]:9229/abc', '::1', 9229)).toBe(true);
    expect(pointsAt('ws://localhost:80/abc', 'LOCALHOST', 80)).toBe(true);
    expect(pointsAt('ws://127.0.0.1:9230/abc', '127.0.0.1', 9229)).toBe(false);
    expect(pointsAt('ws://127.0.0.2:9229/abc', '127.0.0.1', 9229)).toBe(false);
    expect(pointsAt('ws://example.com:9229/abc', '127.0.0.1', 9229)).toBe(false);
    expect(pointsAt('wss://127.0.0.1:9229/abc', '127.0.0.1', 9229)).toBe(false);
    expect(pointsAt('http://127.0.0.1:9229/abc', '127.0.0.1', 9229)).toBe(false);
    expect(pointsAt('ws://u:p@127.0.0.1:9229/abc', '127.0.0.1', 9229)).toBe(false);
    expect(pointsAt('not a url', '127.0.0.1', 9229)).toBe(false);
  });
});
