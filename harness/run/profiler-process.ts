// One workload under a profiler, as a process: clinic (heapprofiler, doctor) or 0x around
// profile-child.ts, headless, in a process group of its own, bounded in time. Where the report
// goes and whether the profiler made it is harness/lab/profile.ts's to say.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROFILE_CHILD, runChild, TSX_LOADER } from './child-runner.ts';

/** The profilers: clinic heapprofiler, clinic doctor, and 0x (a flame graph). */
export const PROFILERS = ['heapprofiler', 'doctor', 'flame'] as const;
export type Profiler = (typeof PROFILERS)[number];

/** Kept of the profiler's output, stdout and stderr together: the tail, where its error is. */
export const PROFILE_OUTPUT_TAIL = 16 * 1024;
/** Allowed beyond the workload's own seconds: the profiler starting, and writing its report. */
const REPORT_SECONDS = 180;

const require = createRequire(import.meta.url);

/** The profiler is an optional dependency that is not installed; the message says how to get it. */
export class ProfilerMissing extends Error {}

function binOf(packageName: string, command: string): string {
  let manifest: string;
  try {
    manifest = require.resolve(`${packageName}/package.json`);
  } catch {
    throw new ProfilerMissing(`${packageName} is not installed: it is optional, add it with npm i -D ${packageName}`);
  }
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[command]);
}

export interface ProfilerRun {
  code: number | null;
  /** What the workload and the profiler printed, the tail. */
  output: string;
}

/** Runs `tool` over the variant for `seconds` (at most `maxIterations`), its files written into `dir`. */
export async function runProfiler(tool: Profiler, dir: string, variantPath: string, seconds: number, maxIterations: number): Promise<ProfilerRun> {
  const workload = [process.execPath, '--import', TSX_LOADER, PROFILE_CHILD, variantPath, String(seconds), String(maxIterations)];
  const command =
    tool === 'flame'
      ? [binOf('0x', '0x'), '--output-dir', dir, '--', ...workload]
      : [binOf('clinic', 'clinic'), tool, '--open=false', '--dest', dir, '--', ...workload];
  const outcome = await runChild({
    start: { spawn: process.execPath },
    args: command,
    cwd: dirname(dir), // 0x stumbles when its output folder is also its working directory
    env: { NO_INSIGHT: '1' }, // clinic: no upload prompt
    timeLimitMs: (seconds + REPORT_SECONDS) * 1000,
    outputTail: PROFILE_OUTPUT_TAIL,
    mergeOutput: true,
  });
  const output = outcome.spawnError ? (outcome.stdout + outcome.spawnError.message).slice(-PROFILE_OUTPUT_TAIL) : outcome.stdout;
  return { code: outcome.code, output };
}
