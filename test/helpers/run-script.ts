import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scratchDir } from './scratch.ts';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Reports written by scripts under test go here, not into the project's reports/. */
export const testReportsDir = scratchDir('oomlab-reports-');

/** Runs one of the lab's command-line scripts the way `npm run` does (tsx), in the project root. */
export function runScript(script: string, args: string[], options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ScriptResult> {
  return runCommand(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: projectRoot,
    timeout: options.timeout,
    env: { OOMLAB_REPORTS_DIR: testReportsDir, ...options.env },
  });
}

/** Runs a command to its end (killed after `timeout` ms), its output collected; `env` is added to ours. */
export function runCommand(command: string, args: string[], options: { cwd: string; timeout?: number; env?: NodeJS.ProcessEnv }): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 120_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
