// The ports a process listens on, read from /proc: found for real processes, an inspector on a
// port the kernel chose and a plain http server on port 0, and nothing of anyone else's.
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { endianness } from 'node:os';
import { listeningPorts, reachableHost } from '../../harness/run/listening-ports.ts';

/** Starts `node args`, resolved with the first line matching `pattern` on its stdout or stderr. */
async function start(args: string[], pattern: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const found = pattern.exec(text);
      if (found) resolve(found);
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
  });
  return { child, match };
}

describe.skipIf(process.platform !== 'linux')('listeningPorts', () => {
  it("finds the port of an inspector the kernel chose (--inspect=127.0.0.1:0) and of an http server on port 0, each in its own process's list only", async () => {
    const inspected = await start(['--inspect=127.0.0.1:0', '-e', 'setInterval(() => {}, 1000)'], /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//);
    const served = await start(['-e', "const s = require('node:http').createServer((q, r) => r.end()).listen(0, () => console.log('port ' + s.address().port)); "], /port (\d+)\n/);
    try {
      const inspectorPort = Number(inspected.match[1]);
      const serverPort = Number(served.match[1]);
      expect(inspectorPort).toBeGreaterThan(0);
      expect(listeningPorts(inspected.child.pid!)).toEqual([{ host: '127.0.0.1', port: inspectorPort }]);
      // listen(0) without a host binds the any-address (:: where IPv6 is on, else 0.0.0.0).
      const server = listeningPorts(served.child.pid!);
      expect(server).toHaveLength(1);
      expect(server![0].port).toBe(serverPort);
      expect(['127.0.0.1', '::1']).toContain(server![0].host);
    } finally {
      inspected.child.kill('SIGKILL');
      served.child.kill('SIGKILL');
    }
  }, 30_000);

  it('finds our own listening sockets, loopback and any-address, and not a connected socket', async () => {
    const loopback = createServer().listen(0, '127.0.0.1');
    const any = createServer().listen(0, '0.0.0.0');
    await Promise.all([once(loopback, 'listening'), once(any, 'listening')]);
    const ports = [loopback, any].map((s) => (s.address() as { port: number }).port);
    try {
      const mine = listeningPorts(process.pid)!;
      expect(mine).toContainEqual({ host: '127.0.0.1', port: ports[0] });
      expect(mine).toContainEqual({ host: '127.0.0.1', port: ports[1] });
      loopback.close();
      await once(loopback, 'close');
      expect(listeningPorts(process.pid)!.map((p) => p.port)).not.toContain(ports[0]);
    } finally {
      loopback.close();
      any.close();
    }
  });

  it('says it cannot tell (null) for a process that does not exist', () => {
    expect(listeningPorts(999_999_999)).toBeNull();
    expect(listeningPorts(-1)).toBeNull();
  });
});

describe('reachableHost', () => {
  // As /proc/net/tcp{,6} print them on a little-endian machine (each 32-bit word byte-reversed).
  it.skipIf(endianness() !== 'LE')('reads loopback and any-address, IPv4 and IPv6, and nothing else', () => {
    expect(reachableHost('0100007F')).toBe('127.0.0.1'); // 127.0.0.1
    expect(reachableHost('0200007F')).toBe('127.0.0.1'); // 127.0.0.2
    expect(reachableHost('00000000')).toBe('127.0.0.1'); // 0.0.0.0
    expect(reachableHost('0100A8C0')).toBeNull(); // 192.168.0.1
    expect(reachableHost('00000000000000000000000001000000')).toBe('::1'); // ::1
    expect(reachableHost('00000000000000000000000000000000')).toBe('::1'); // ::
    expect(reachableHost('0000000000000000FFFF00000100007F')).toBe('127.0.0.1'); // ::ffff:127.0.0.1
    expect(reachableHost('0000000000000000FFFF00000100A8C0')).toBeNull(); // ::ffff:192.168.0.1
    expect(reachableHost('000080FE00000000FF005002FE0B2F4A')).toBeNull(); // fe80::…
  });
});
