// The ports a process listens on, read from /proc: found for real processes, an inspector on a
// port the kernel chose, a plain http server on port 0, a socket on a non-loopback address at
// that address, and nothing of anyone else's.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { endianness, networkInterfaces } from 'node:os';
import { listeningPorts, reachableHost } from '../../harness/run/listening-ports.ts';
import { startNode as start } from '../helpers/node-process.ts';

/** A local IPv4 address of this machine that is not loopback (nor link-local), or null. */
const nonLoopback = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'))?.address ?? null;

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

  it.skipIf(nonLoopback === null)(
    nonLoopback ? `finds a socket bound to a non-loopback address of this machine (${nonLoopback}) at that address` : 'finds a socket bound to a non-loopback address (skipped: this machine has none)',
    async () => {
      const server = createServer().listen(0, nonLoopback!);
      await once(server, 'listening');
      const { port } = server.address() as { port: number };
      try {
        expect(listeningPorts(process.pid)).toContainEqual({ host: nonLoopback, port });
        expect(listeningPorts(process.pid)).not.toContainEqual({ host: '127.0.0.1', port });
      } finally {
        server.close();
      }
    },
  );

  it('says it cannot tell (null) for a process that does not exist', () => {
    expect(listeningPorts(999_999_999)).toBeNull();
    expect(listeningPorts(-1)).toBeNull();
  });
});

describe('reachableHost', () => {
  // As /proc/net/tcp{,6} print them on a little-endian machine (each 32-bit word byte-reversed).
  it.skipIf(endianness() !== 'LE')('reaches the any-address over loopback and a specific address at that address, IPv4 and IPv6; not link-local', () => {
    expect(reachableHost('0100007F')).toBe('127.0.0.1'); // 127.0.0.1
    expect(reachableHost('0200007F')).toBe('127.0.0.2'); // 127.0.0.2: not reached at 127.0.0.1
    expect(reachableHost('00000000')).toBe('127.0.0.1'); // 0.0.0.0
    expect(reachableHost('0100A8C0')).toBe('192.168.0.1'); // 192.168.0.1
    expect(reachableHost('00000000000000000000000001000000')).toBe('::1'); // ::1
    expect(reachableHost('00000000000000000000000000000000')).toBe('::1'); // ::
    expect(reachableHost('0000000000000000FFFF00000100007F')).toBe('127.0.0.1'); // ::ffff:127.0.0.1
    expect(reachableHost('0000000000000000FFFF00000100A8C0')).toBe('192.168.0.1'); // ::ffff:192.168.0.1
    expect(reachableHost('000000FD000000000000000002000000')).toBe('fd00::2'); // fd00::2
    expect(reachableHost('000080FE00000000FF005002FE0B2F4A')).toBeNull(); // fe80::…: needs an interface
    expect(reachableHost('0100007')).toBeNull();
  });
});
