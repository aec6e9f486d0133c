import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the lab's command-line scripts the way `npm run` does (tsx), in the project root. */
export function runScript(script: string, args: string[], options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): ScriptResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    env: { ...process.env, ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
