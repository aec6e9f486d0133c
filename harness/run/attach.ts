// The inspector of a process that is already running (`oomlab attach`), reached the way
// `node inspect -p <pid>` reaches it: SIGUSR1 asks Node to open its inspector on the port it
// was started with (127.0.0.1:9229 unless it said otherwise), whose /json/list gives the
// WebSocket to connect to; on Linux that port is found among the process's own listening
// sockets, so any --inspect-port will do. Or an inspector already open at host:port.
//
// The process is left as it was found: it is never stopped or restarted, and an inspector
// that we opened is closed again (inspector.close() inside it, after our session is gone);
// one that was open before is left open.

import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { InspectorError, InspectorSession } from './inspector.ts';
import { listeningPorts, type ListeningPort } from './listening-ports.ts';

export const DEFAULT_INSPECTOR_PORT = 9229;

export interface AttachedProcess {
  session: InspectorSession;
  pid: number;
  /** Its inspector: where we reach it, and as host:port. */
  host: string;
  port: number;
  address: string;
  /** We opened its inspector (SIGUSR1), so we close it when done. */
  opened: boolean;
}

/**
 * Whether a WebSocket URL a port gave is ws: at exactly the host and port that were asked: what
 * a port answers is not trusted to send us anywhere else (another process's inspector, a
 * remote host).
 */
export function pointsAt(url: string, host: string, port: number): boolean {
  try {
    const target = new URL(url);
    const asked = new URL(`ws://${formatAddress(host, port)}/`);
    return target.protocol === 'ws:' && !target.username && !target.password && target.hostname === asked.hostname && (target.port || '80') === (asked.port || '80');
  } catch {
    return false;
  }
}

/** The first target's WebSocket URL at http://host:port/json/list when it is ws: at that host and port, or null. */
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
          resolve(typeof url === 'string' && pointsAt(url, host, port) ? url : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** Rejects after `ms` (a foreign endpoint may accept the WebSocket and never answer). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InspectorError(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Closes the inspector of the process at the other end of `session`. inspector.close() waits
 * for its sessions to end, so it is scheduled inside the process and runs once ours is gone.
 */
async function closeInspector(session: InspectorSession): Promise<void> {
  await within(
    session.evaluate(
      `void setTimeout(() => { const i = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('inspector') : null; if (i) i.close(); else if (typeof process._debugEnd === 'function') process._debugEnd(); }, 50)`,
    ),
    2000,
    'closing the inspector',
  ).catch(() => undefined);
}

/**
 * Connects and checks that the inspector is process `pid`'s (any process's when null). When it
 * is not usable and `closeOnFailure` (we opened it), it is closed before the error is thrown.
 */
async function connectAndCheck(url: string, pid: number | null, closeOnFailure = false): Promise<{ session: InspectorSession; pid: number }> {
  const session = await InspectorSession.connect(url);
  const where = new URL(url).host;
  try {
    const actual = await within(session.evaluate<unknown>('process.pid'), 5000, `the inspector at ${where}`);
    if (typeof actual !== 'number' || !Number.isSafeInteger(actual) || actual <= 0) {
      throw new InspectorError(`the inspector at ${where} answers no process id (${String(JSON.stringify(actual)).slice(0, 40)})`);
    }
    if (pid !== null && actual !== pid) throw new InspectorError(`the inspector at ${where} belongs to process ${actual}, not ${pid}`);
    return { session, pid: actual };
  } catch (error) {
    if (closeOnFailure) await closeInspector(session);
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

/** host:port as written in a URL (an IPv6 host in brackets). */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

interface Found {
  session: InspectorSession;
  host: string;
  port: number;
}

/**
 * The first of these ports where an inspector of process `pid` answers, connected. Each port is
 * asked once and added to `asked`; one that answers but cannot be used (another pid, not an
 * inspector) is told in `failures` and the next is tried. `weOpened`: such an inspector is ours
 * (opened by our SIGUSR1), closed again before moving on.
 */
async function findInspector(ports: ListeningPort[], pid: number, weOpened: boolean, asked: Set<string>, failures: string[]): Promise<Found | null> {
  for (const { host, port } of ports) {
    asked.add(`${host} ${port}`);
    const url = await inspectorTarget(host, port);
    if (!url) continue;
    try {
      const { session } = await connectAndCheck(url, pid, weOpened);
      return { session, host, port };
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  return null;
}

/**
 * Opens (if need be) and connects to the inspector of process `pid`. On Linux, the inspector is
 * looked for among the ports the process itself listens on (/proc: listening-ports.ts), so it is
 * found wherever it was started (--inspect=0, --inspect-port=9333, another host:port) and no
 * other process's inspector is ever probed; SIGUSR1 is sent only when none answers there, and
 * the new port it opens is then looked for the same way. Where /proc cannot tell (not Linux,
 * permission denied), 127.0.0.1:`port`, as `node inspect -p` does.
 */
export async function attachToPid(pid: number, port = DEFAULT_INSPECTOR_PORT, waitMs = 5000, listening: (pid: number) => ListeningPort[] | null = listeningPorts): Promise<AttachedProcess> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InspectorError(code === 'EPERM' ? `process ${pid} is not ours to inspect (permission denied)` : `no process ${pid}`);
  }
  const before = listening(pid);
  const asked = new Set<string>();
  const failures: string[] = [];
  const usedFailed = () => (failures.length ? `; what answered as an inspector could not be used: ${failures.join('; ')}` : '');
  // Already open (started with --inspect, or opened by someone else): use it, leave it open.
  // Each port the process listens on is asked for /json/list once (one GET to its own server).
  const open = await findInspector(before ?? [{ host: '127.0.0.1', port }], pid, false, asked, failures);
  if (open) return { session: open.session, pid, host: open.host, port: open.port, address: formatAddress(open.host, open.port), opened: false };
  // Where /proc cannot tell, the one port guessed may be another process's inspector: say so and stop.
  if (!before && failures.length) throw new InspectorError(failures[0]);
  // As `node inspect -p` does, but never to a process that SIGUSR1 would end.
  if (catchesSigusr1(pid) === false) {
    throw new InspectorError(`process ${pid} does not handle SIGUSR1 (not a Node process, or started with --disable-sigusr1): it is left alone; start it with --inspect and give host:port${usedFailed()}`);
  }
  process.kill(pid, 'SIGUSR1');
  const until = Date.now() + waitMs;
  let found: Found | null = null;
  const failedBefore = failures.length;
  // Until the wait is over, not at the first port that fails: the inspector may be the next to appear.
  while (!found && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (before) {
      // Only the ports not asked yet: the process's own servers are asked once. A port that
      // appeared after SIGUSR1 is the process's own: an inspector there that cannot be used
      // (another pid answering: a pid namespace, say) was opened by us and is closed again.
      const now = listening(pid);
      if (now) found = await findInspector(now.filter((p) => !asked.has(`${p.host} ${p.port}`)), pid, true, asked, failures);
    } else {
      const guessed = new Set<string>();
      found = await findInspector([{ host: '127.0.0.1', port }], pid, false, guessed, failures);
      if (!found && failures.length) throw new InspectorError(failures[0]);
    }
  }
  if (!found && failures.length > failedBefore) {
    throw new InspectorError(`process ${pid} answered SIGUSR1 with an inspector it cannot be judged through (closed again where it could be reached): ${failures.slice(failedBefore).join('; ')}`);
  }
  if (!found) {
    throw new InspectorError(
      before
        ? `process ${pid} did not open an inspector within ${waitMs / 1000} s after SIGUSR1 (is it a Node process? is its inspector port, 9229 unless started with --inspect-port, taken by another process? then start it with --inspect=127.0.0.1:0 and give host:port)${usedFailed()}`
        : `process ${pid} did not open an inspector on ${formatAddress('127.0.0.1', port)} within ${waitMs / 1000} s, and its listening ports cannot be read here (is it a Node process? started with another --inspect-port? then give host:port)`,
    );
  }
  return { session: found.session, pid, host: found.host, port: found.port, address: formatAddress(found.host, found.port), opened: true };
}

/** Connects to an inspector already open at host:port; it stays open afterwards. */
export async function attachToAddress(host: string, port: number): Promise<AttachedProcess> {
  const url = await inspectorTarget(host, port, 3000);
  if (!url) throw new InspectorError(`no inspector answers at ${host}:${port}`);
  const { session, pid } = await connectAndCheck(url, null);
  return { session, pid, host, port, address: formatAddress(host, port), opened: false };
}

/**
 * Ends our session, and closes the inspector if we opened it. inspector.close() waits for its
 * sessions to end, so it is scheduled inside the process and runs once ours is gone. Resolves
 * true once the inspector no longer answers (or when we did not open it).
 */
export async function detach(attached: AttachedProcess): Promise<boolean> {
  if (attached.opened) await closeInspector(attached.session);
  await attached.session.close();
  if (!attached.opened) return true;
  for (let tries = 0; tries < 30; tries++) {
    if ((await inspectorTarget(attached.host, attached.port, 500)) === null) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
