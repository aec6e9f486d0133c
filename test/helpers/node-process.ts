// Real processes for the tests that find, open and close inspectors: a free port, and a node
// process started and waited for until it says it is up.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port free on `host` now (the kernel's choice, released again). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().on('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface StartedNode {
  child: ChildProcess;
  /** The first match of the pattern in what it printed. */
  match: RegExpExecArray;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
}

/**
 * Starts `node args` (in the current folder; `env` added to ours) and resolves once `pattern`
 * matches what it printed on stdout or stderr; rejects if it exits first. Its output is read
 * to the end, so it never blocks on a full pipe.
 */
export function startNode(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}): Promise<StartedNode> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  return new Promise((resolve, reject) => {
    let found = false;
    const look = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = found ? null : pattern.exec(text);
      if (match) {
        found = true;
        resolve({ child, match, output: () => text });
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code, signal) => {
      if (!found) reject(new Error(`node ${args.join(' ')} exited (${code ?? signal}) before printing ${pattern}: ${text}`));
    });
  });
}

/** `node <flags> -e <code>` where the code prints 'up' once it runs and then idles. */
export const IDLE = "console.log('up'); setInterval(() => {}, 1000)";

/** `node <flags> -e <idle>`, once it runs (its inspector, if any, is then listening). */
export async function idleNode(flags: string[], before = ''): Promise<StartedNode> {
  return startNode([...flags, '-e', `${before}${IDLE}`], /^up$/m);
}

/** Whether a process with this pid exists (signal 0 tests, sends nothing). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
