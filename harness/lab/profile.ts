// `npm run case <n> -- --profile heapprofiler|doctor|flame`: one variant under the profiler
// engineers already know (clinic heapprofiler, clinic doctor, 0x), headless, with its HTML in
// reports/<NN-slug>/<variant>/profile-<tool>/. The profiler's process is run/profiler-process.ts's;
// here: where its report goes, and whether it made one.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CaseFolder } from '../catalog.ts';
import { PROFILERS, ProfilerMissing, runProfiler, type Profiler } from '../run/profiler-process.ts';
import { INTERVALS } from '../contract.ts';
import type { VariantName } from './result.ts';

export { PROFILERS, type Profiler };
/** How long the workload runs under the profiler by default. */
const DEFAULT_SECONDS = 5;
/**
 * At most this many times a measured run's iterations (warm-up and every interval): long
 * enough to be meaningful, bounded so that a fast leak does not fill the machine.
 */
const MAX_ITERATIONS_FACTOR = 20;

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
  /** The case's reports folder: the profile goes to <it>/<variant>/profile-<tool>/. */
  caseReports: string,
  options: { seconds?: number } = {},
): Promise<ProfileResult> {
  const definition = folder.definition;
  const seconds = options.seconds ?? DEFAULT_SECONDS;
  const maxIterations = MAX_ITERATIONS_FACTOR * (definition.warmup + INTERVALS * definition.iterations);
  const target = join(caseReports, variant, `profile-${tool}`);
  // The new profile is made beside the old one, which it replaces only once complete.
  const dir = `${target}.partial-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  let run: Awaited<ReturnType<typeof runProfiler>>;
  try {
    run = await runProfiler(tool, dir, folder.variants[variant], seconds, maxIterations);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if (error instanceof ProfilerMissing) throw new ProfileError(error.message);
    throw error;
  }
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
