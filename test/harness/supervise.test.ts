// Runs always end, and leave nothing behind: no process, no temp folder.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runVariant } from '../../harness/run/run-variant.ts';
import { removeTempDir } from '../../harness/run/supervise.ts';
import { projectRoot } from '../helpers/run-script.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { alive } from '../helpers/node-process.ts';

const workload = (name: string): string => fileURLToPath(new URL(`../workloads/${name}.ts`, import.meta.url));
const waitFor = async (test: () => boolean, ms: number): Promise<boolean> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return test();
};

describe.concurrent('runs that always end', () => {
  it('a workload whose helper process holds its stdout is stopped at the time limit, helper and all', async () => {
    const pidFile = join(scratchDir('oomlab-pids-'), 'pids');
    process.env.OOMLAB_TEST_PIDFILE = pidFile;
    const started = Date.now();
    const run = await runVariant({ variantPath: workload('spawns-and-hangs'), warmup: 1, iterations: 10, sampleEvery: 5, timeLimitMs: 3000 });
    expect(run.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000 + 5000);
    const [helper, child] = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    expect(await waitFor(() => !alive(helper) && !alive(child), 2000)).toBe(true);
    removeTempDir(run.snapshotDir);
  });

  it('forged IPC messages are not believed: no path of the child is taken, and done without snapshots is an error', async () => {
    const run = await runVariant({ variantPath: workload('forges-messages'), warmup: 1, iterations: 10, sampleEvery: 5, timeLimitMs: 20_000 });
    removeTempDir(run.snapshotDir);
    expect(run.status).toBe('error');
    expect(run.snapshots).toBeNull();
    expect(run.failure!.message).toMatch(/without writing its 5 snapshots/);
    expect(existsSync('/etc/passwd')).toBe(true);
  });

  it('SIGTERM to npm alone (a container stop, a CI cancel): the lab notices its launcher is gone and ends, children and temp folders too', async () => {
    const pidFile = join(scratchDir('oomlab-pids-'), 'pids');
    // npm as CI runs it: npm → sh → tsx → the lab; only npm is signalled.
    const npm = spawn('npm', ['run', '-s', 'case', '--', './test/workloads/hangs-with-helper', '--variant', 'buggy', '--no-report'], {
      cwd: projectRoot,
      env: { ...process.env, OOMLAB_TEST_PIDFILE: pidFile },
      stdio: 'ignore',
    });
    expect(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').split('\n').length > 3, 30_000)).toBe(true);
    const [helperPid, childPid, snapshotDir] = readFileSync(pidFile, 'utf8').trim().split('\n');
    const [helper, child] = [Number(helperPid), Number(childPid)];
    expect(existsSync(snapshotDir)).toBe(true);
    npm.kill('SIGTERM');
    expect(await waitFor(() => !alive(helper) && !alive(child), 5000)).toBe(true);
    expect(existsSync(snapshotDir)).toBe(false);
  }, 60_000);

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    it(`${signal} to npm run case mid-run: the lab ends, and no child (nor what it started) or temp folder is left`, async () => {
      const pidFile = join(scratchDir('oomlab-pids-'), 'pids');
      const cli = spawn(process.execPath, ['--import', 'tsx', 'scripts/case.ts', './test/workloads/hangs-with-helper', '--variant', 'buggy', '--no-report'], {
        cwd: projectRoot,
        env: { ...process.env, OOMLAB_TEST_PIDFILE: pidFile },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
      expect(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').split('\n').length > 3, 20_000)).toBe(true);
      const [helperPid, childPid, snapshotDir] = readFileSync(pidFile, 'utf8').trim().split('\n');
      const [helper, child] = [Number(helperPid), Number(childPid)];
      expect(existsSync(snapshotDir)).toBe(true);
      cli.kill(signal);
      const code = await exited;
      // SIGKILL leaves the lab no say: its child notices the parent is gone and ends its group.
      expect(await waitFor(() => !alive(helper) && !alive(child), 3000)).toBe(true);
      expect(existsSync(snapshotDir)).toBe(false);
      if (signal !== 'SIGKILL') expect(code).toBe(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }
});
