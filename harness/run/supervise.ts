// Children of ours never outlive the run that started them, and leave no temp folder behind.
//
//  1. Every child starts in a process group of its own (detached), so it and whatever it
//     starts (a helper server, a `sleep`, clinic's profiled process) are killed together.
//  2. When the child exits, or on a time limit, its whole group is killed; if a process
//     outside the group still holds its pipes, the parent stops waiting for them after a
//     short grace: 'close' alone would wait for every holder.
//  3. On the parent's exit, SIGINT, SIGTERM or SIGHUP, every live group is killed and every
//     temp folder removed before the parent ends (exit status 128 + the signal's number), or,
//     when the parent has handlers of its own for that signal (a test runner), cleans up and
//     leaves the ending to them.
//  4. The measured child ends itself when its parent is gone (child.ts polls its IPC channel).

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';

/** How long pipes may stay open once the child has exited. */
const PIPE_GRACE_MS = 1000;

const live = new Set<ChildProcess>();
const folders = new Set<string>();
let installed = false;

function cleanUp(): void {
  for (const child of live) killGroup(child);
  live.clear();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      cleanUp();
      // In a process of someone else's (a test runner calling the API) whose own handler
      // decides what a signal means, ours only cleans up. Alone, ours ends the process, as
      // the signal would have.
      if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
    });
  }
}

/** Kills a child's whole process group (the child itself when it has none). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Watches a child started with `detached: true`: `onDone` is called once, when its output is
 * complete or, if something outside its group holds the pipes, shortly after it exited. The
 * returned function kills its group (for time limits and caps).
 */
export function supervise(child: ChildProcess, onDone: (code: number | null, signal: NodeJS.Signals | null) => void): () => void {
  install();
  live.add(child);
  let done = false;
  let grace: NodeJS.Timeout | undefined;
  const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
    if (done) return;
    done = true;
    clearTimeout(grace);
    live.delete(child);
    onDone(code, signal);
  };
  child.on('exit', (code, signal) => {
    // What the child started dies with it.
    killGroup(child);
    grace = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish(code, signal);
    }, PIPE_GRACE_MS);
  });
  child.on('close', (code, signal) => finish(code, signal));
  return () => killGroup(child);
}

/** A temp folder of the parent's, removed by `removeTempDir`, or on exit and on signals. */
export function makeTempDir(prefix: string): string {
  install();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  folders.delete(dir);
}
