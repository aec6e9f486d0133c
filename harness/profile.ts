// `npm run case <n> -- --profile heapprofiler|doctor|flame`: one variant under the profiler
// engineers already know (clinic heapprofiler, clinic doctor, 0x), headless, with its HTML in
// reports/<NN-slug>/<variant>/profile-<tool>/. The profiler's process is run/profile.ts's;
// here: where its report goes, and whether it made one.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CaseFolder } from './catalog.ts';
import { reportDir, REPORTS_DIR, type VariantName } from './lab.ts';
import { runProfiler } from './run/profile.ts';

export const PROFILERS = ['heapprofiler', 'doctor', 'flame'] as const;
export type Profiler = (typeof PROFILERS)[number];

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
  const started = performance.now();
  const run = await runProfiler(tool, dir, folder.variants[variant], seconds, maxIterations);
  const made = findHtml(dir, tool);
  if (run.code !== 0 || !made) {
    rmSync(dir, { recursive: true, force: true });
    const lines = run.output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
    const last = lines.find((l) => /error/i.test(l) && !/^at /.test(l)) ?? lines.pop() ?? `exit code ${run.code}`;
    throw new ProfileError(`${tool} did not produce its report (${last.slice(0, 300)})`);
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(dir, target);
  const html = join(target, relative(dir, made));
  return { tool, variant, dir: target, html, seconds: (performance.now() - started) / 1000, output: run.output };
}

function findHtml(dir: string, tool: Profiler): string | null {
  if (!existsSync(dir)) return null;
  const name = tool === 'flame' ? 'flamegraph.html' : readdirSync(dir).find((f) => f.endsWith(`.clinic-${tool}.html`));
  if (!name) return null;
  const path = join(dir, name);
  return existsSync(path) ? path : null;
}
