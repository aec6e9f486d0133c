// `npm run case <n> -- --profile heapprofiler|doctor|flame`: one variant under the profiler
// engineers already know (clinic heapprofiler, clinic doctor, 0x), headless, with its HTML in
// reports/<NN-slug>/<variant>/profile-<tool>/.

import { spawn } from 'node:child_process';
import { supervise } from './run/supervise.ts';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseFolder } from './catalog.ts';
import { reportDir, REPORTS_DIR, type VariantName } from './lab.ts';
import { TSX_LOADER } from './run/child-runner.ts';

export const PROFILERS = ['heapprofiler', 'doctor', 'flame'] as const;
export type Profiler = (typeof PROFILERS)[number];

const PROFILE_CHILD = fileURLToPath(new URL('./run/profile-child.ts', import.meta.url));
const require = createRequire(import.meta.url);

function binOf(packageName: string, command: string): string {
  const manifest = require.resolve(`${packageName}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[command]);
}

export interface ProfileResult {
  tool: Profiler;
  variant: VariantName;
  dir: string;
  html: string;
  seconds: number;
  /** What the workload and the profiler printed, the tail. */
  output: string;
}

export class ProfileError extends Error {}

export async function runProfile(
  folder: CaseFolder,
  variant: VariantName,
  tool: Profiler,
  options: { seconds?: number; reportsDir?: string } = {},
): Promise<ProfileResult> {
  const definition = folder.definition;
  const seconds = options.seconds ?? 5;
  // Long enough to be meaningful, bounded so a fast leak does not fill the machine.
  const maxIterations = 20 * (definition.warmup + 2 * definition.iterations);
  const target = join(reportDir(definition, options.reportsDir ?? REPORTS_DIR), variant, `profile-${tool}`);
  // The new profile is made beside the old one, which it replaces only once complete.
  const dir = `${target}.partial-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const workload = [process.execPath, '--import', TSX_LOADER, PROFILE_CHILD, folder.variants[variant], String(seconds), String(maxIterations)];
  const command =
    tool === 'flame'
      ? [binOf('0x', '0x'), '--output-dir', dir, '--', ...workload]
      : [binOf('clinic', 'clinic'), tool, '--open=false', '--dest', dir, '--', ...workload];
  const started = performance.now();
  const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn(process.execPath, command, {
      cwd: dirname(dir), // 0x stumbles when its output folder is also its working directory
      env: { ...process.env, NO_INSIGHT: '1', NODE_OPTIONS: '' }, // clinic: no upload prompt
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // a process group of its own, with the profiled process in it (supervise.ts)
    });
    let text = '';
    const keep = (chunk: Buffer): void => {
      text = (text + chunk.toString('utf8')).slice(-16 * 1024);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => keep(Buffer.from(error.message)));
    const kill = supervise(child, (code) => {
      clearTimeout(timer);
      resolve({ code, text });
    });
    const timer = setTimeout(kill, (seconds + 180) * 1000);
  });
  const made = findHtml(dir, tool);
  if (output.code !== 0 || !made) {
    rmSync(dir, { recursive: true, force: true });
    const lines = output.text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
    const last = lines.find((l) => /error/i.test(l) && !/^at /.test(l)) ?? lines.pop() ?? `exit code ${output.code}`;
    throw new ProfileError(`${tool} did not produce its report (${last.slice(0, 300)})`);
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(dir, target);
  const html = join(target, relative(dir, made));
  return { tool, variant, dir: target, html, seconds: (performance.now() - started) / 1000, output: output.text };
}

function findHtml(dir: string, tool: Profiler): string | null {
  if (!existsSync(dir)) return null;
  const name = tool === 'flame' ? 'flamegraph.html' : readdirSync(dir).find((f) => f.endsWith(`.clinic-${tool}.html`));
  if (!name) return null;
  const path = join(dir, name);
  return existsSync(path) ? path : null;
}
