// attachToPid finds a process's inspector among its own listening ports (Linux /proc), never
// another process's; where /proc cannot tell, it falls back to the one port it is given.
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { attachToPid, detach, inspectorTarget } from '../../harness/run/attach.ts';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** `node <flags> -e <idle>`, once it runs (its inspector, if any, is then listening). */
async function idleNode(flags: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...flags, '-e', "console.log('up'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  return child;
}

describe.skipIf(process.platform !== 'linux')('attachToPid', () => {
  it("opens the process's own inspector (SIGUSR1, --inspect-port=0) even when another process's inspector listens on the port it would have guessed; closes it after", async () => {
    const otherPort = await freePort();
    const other = await idleNode([`--inspect=127.0.0.1:${otherPort}`]);
    const target = await idleNode(['--inspect-port=0']);
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
    const open = await idleNode([`--inspect=127.0.0.1:${port}`]);
    const elsewhere = await idleNode([`--inspect-port=${await freePort()}`]);
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
});
