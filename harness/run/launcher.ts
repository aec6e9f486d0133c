// Runs end with their launcher. `npm run case 1` is npm → sh → tsx → the lab; a container stop
// or a CI cancel often signals only the top process, npm, which then exits without passing the
// signal on, and the lab (with its measured children and temp folders) would run on, orphaned.
// So a command line watches the chain of processes from its parent up to the launcher (npm,
// npx, pnpm or yarn; our parent alone when there is none), and when a link of it breaks (a
// process in it ended, so the one below was re-parented), it ends as if it had been sent
// SIGTERM itself: supervise.ts then kills every child group and removes every temp folder.
//
// On Linux the chain is read from /proc; elsewhere only the direct parent is watched.

import { readFileSync } from 'node:fs';

/** How often the chain is checked: a stopped launcher is noticed within this. */
const CHECK_EVERY_MS = 500;
/** Never walk further than this (a launcher is a few levels up, not dozens). */
const MAX_DEPTH = 8;

/** The parent of a process, from /proc; null when it is gone or there is no /proc. */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** A package manager running a script: what a user or CI started. */
export function isLauncherCommand(command: string): boolean {
  return /(^|[/\s])(npm|npx|pnpm|yarn)(\s|$)|npm-cli\.js|npx-cli\.js|pnpm\.c?js|yarn\.c?js/.test(command);
}

/**
 * The processes from our parent up to and including the launcher, nearest first; just our
 * parent when no launcher is found (or /proc cannot be read).
 */
export function launcherChain(pid = process.pid): number[] {
  const chain: number[] = [];
  let current = pid;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parent = parentOf(current);
    if (parent === null || parent <= 1) break;
    chain.push(parent);
    if (isLauncherCommand(commandOf(parent))) return chain;
    current = parent;
  }
  return [process.ppid];
}

/** True while every link of the chain still stands: each process is the parent of the one below. */
function chainHolds(chain: readonly number[]): boolean {
  if (process.ppid !== chain[0]) return false;
  for (let k = 1; k < chain.length; k++) {
    const parent = parentOf(chain[k - 1]);
    // No /proc entry for a process that was in the chain: it ended.
    if (parent !== chain[k]) return false;
  }
  return true;
}

/**
 * Ends this process, as SIGTERM would, once its launcher or any process between it and us has
 * ended. The check runs on an unref'd timer: it never keeps a finished command alive.
 */
export function endWithLauncher(): void {
  const chain = launcherChain();
  setInterval(() => {
    if (!chainHolds(chain)) process.kill(process.pid, 'SIGTERM');
  }, CHECK_EVERY_MS).unref();
}
