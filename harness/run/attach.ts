// The inspector of a process that is already running (`oomlab attach`), reached the way
// `node inspect -p <pid>` reaches it: SIGUSR1 asks Node to open its inspector on the port it
// was started with (127.0.0.1:9229 unless it said otherwise), whose /json/list gives the
// WebSocket to connect to. Or an inspector already open at host:port.
//
// The process is left as it was found: it is never stopped or restarted, and an inspector
// that we opened is closed again (inspector.close() inside it, after our session is gone);
// one that was open before is left open.

import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { InspectorError, InspectorSession } from './inspector.ts';

export const DEFAULT_INSPECTOR_PORT = 9229;

export interface AttachedProcess {
  session: InspectorSession;
  pid: number;
  /** host:port of its inspector. */
  address: string;
  /** We opened its inspector (SIGUSR1), so we close it when done. */
  opened: boolean;
}

/** The first target's WebSocket URL at http://host:port/json/list, or null when nothing answers there. */
export function inspectorTarget(host: string, port: number, timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const req = get({ host, port, path: '/json/list', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk.length + body.length < 1_000_000 ? chunk : ''));
      res.on('end', () => {
        try {
          const targets = JSON.parse(body) as { webSocketDebuggerUrl?: unknown }[];
          const url = targets.find((t) => typeof t.webSocketDebuggerUrl === 'string')?.webSocketDebuggerUrl;
          resolve(typeof url === 'string' ? url : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

async function connectAndCheck(url: string, pid: number | null): Promise<{ session: InspectorSession; pid: number }> {
  const session = await InspectorSession.connect(url);
  try {
    const actual = await session.evaluate<number>('process.pid');
    if (pid !== null && actual !== pid) throw new InspectorError(`the inspector at ${new URL(url).host} belongs to process ${actual}, not ${pid}`);
    return { session, pid: actual };
  } catch (error) {
    await session.close();
    throw error;
  }
}

/**
 * Whether the process handles SIGUSR1 (Linux: its SigCgt mask). Node does, to open its
 * inspector; for a process that does not (not Node, or Node with --disable-sigusr1), SIGUSR1's
 * default action is to end it. Null when it cannot be told (no /proc).
 */
export function catchesSigusr1(pid: number): boolean | null {
  try {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/im.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (!mask) return null;
    // Signal n is bit n - 1 (SIGUSR1 is 10 on Linux).
    return (BigInt(`0x${mask}`) >> 9n) & 1n ? true : false;
  } catch {
    return null;
  }
}

/** Opens (if need be) and connects to the inspector of process `pid`, on 127.0.0.1:`port`. */
export async function attachToPid(pid: number, port = DEFAULT_INSPECTOR_PORT, waitMs = 5000): Promise<AttachedProcess> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InspectorError(code === 'EPERM' ? `process ${pid} is not ours to inspect (permission denied)` : `no process ${pid}`);
  }
  const address = `127.0.0.1:${port}`;
  // Already open (started with --inspect, or opened by someone else): use it, leave it open.
  const before = await inspectorTarget('127.0.0.1', port);
  if (before) {
    const { session } = await connectAndCheck(before, pid);
    return { session, pid, address, opened: false };
  }
  // As `node inspect -p` does, but never to a process that SIGUSR1 would end.
  if (catchesSigusr1(pid) === false) {
    throw new InspectorError(`process ${pid} does not handle SIGUSR1 (not a Node process, or started with --disable-sigusr1): it is left alone; start it with --inspect and give host:port`);
  }
  process.kill(pid, 'SIGUSR1');
  const until = Date.now() + waitMs;
  let url: string | null = null;
  while (!url && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    url = await inspectorTarget('127.0.0.1', port);
  }
  if (!url) throw new InspectorError(`process ${pid} did not open an inspector on ${address} within ${waitMs / 1000} s (is it a Node process? started with another --inspect-port? then give host:port)`);
  const { session } = await connectAndCheck(url, pid);
  return { session, pid, address, opened: true };
}

/** Connects to an inspector already open at host:port; it stays open afterwards. */
export async function attachToAddress(host: string, port: number): Promise<AttachedProcess> {
  const url = await inspectorTarget(host, port, 3000);
  if (!url) throw new InspectorError(`no inspector answers at ${host}:${port}`);
  const { session, pid } = await connectAndCheck(url, null);
  return { session, pid, address: `${host}:${port}`, opened: false };
}

/**
 * Ends our session, and closes the inspector if we opened it. inspector.close() waits for its
 * sessions to end, so it is scheduled inside the process and runs once ours is gone. Resolves
 * true once the inspector no longer answers (or when we did not open it).
 */
export async function detach(attached: AttachedProcess): Promise<boolean> {
  if (attached.opened) {
    await attached.session
      .evaluate(
        `void setTimeout(() => { const i = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('inspector') : null; if (i) i.close(); else if (typeof process._debugEnd === 'function') process._debugEnd(); }, 50)`,
      )
      .catch(() => undefined);
  }
  await attached.session.close();
  if (!attached.opened) return true;
  const [host, port] = [attached.address.slice(0, attached.address.lastIndexOf(':')), Number(attached.address.slice(attached.address.lastIndexOf(':') + 1))];
  for (let tries = 0; tries < 30; tries++) {
    if ((await inspectorTarget(host, port, 500)) === null) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
