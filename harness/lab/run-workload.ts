// One workload, no pair: is it a leak? What `oomlab run` and the API (`measureLeak`) answer.
// The workload is run and judged exactly as a case's variant is (run-case.ts), with the
// defaults a case gets, and optionally held to a budget: a team that tracks a slow creep can
// fail a run whose growth is above its budget even when it is below the leak verdict.

import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { CASE_DEFAULTS, countProblems } from '../contract.ts';
import { removeTempDir } from '../run/supervise.ts';
import type { Phase } from '../run/protocol.ts';
import { measureVariant } from './measure-variant.ts';
import type { VariantResult } from './result.ts';
import { sampleEveryFor, variantResult } from './run-case.ts';

/** The module formats a workload may be written in. */
export const WORKLOAD_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

export interface WorkloadOptions {
  /** Iterations per measured interval (four intervals are measured). */
  iterations?: number;
  /** Iterations before the first snapshot: lazy singletons, JIT, caches filling up. */
  warmup?: number;
  /** Hard limit for the whole run, in milliseconds. */
  timeLimitMs?: number;
  /** Record allocation stacks: where the culprit was allocated (slower). */
  allocationStacks?: boolean;
  /** Fail above this many bytes per iteration, even below the leak verdict. */
  budget?: number;
  onProgress?: (phase: Phase | 'progress' | 'analysis', iteration: number, total: number) => void;
}

/** Whether a result passes: clean, and within the budget when there is one (`run`, `serve`). */
export function heldToBudget(result: Pick<VariantResult, 'verdict' | 'bytesPerIteration'>, limit: number | undefined): Pick<WorkloadResult, 'ok' | 'budget'> {
  const budget = limit !== undefined && result.bytesPerIteration !== null ? { bytesPerIteration: limit, exceeded: result.bytesPerIteration > limit } : undefined;
  return { ok: result.verdict === 'clean' && !budget?.exceeded, ...(budget ? { budget } : {}) };
}

/** The judgement of one workload: a variant's result, plus the budget and whether it passes. */
export interface WorkloadResult extends Omit<VariantResult, 'expected'> {
  /** The workload's absolute path. */
  workload: string;
  /** Clean (and within the budget, when there is one). */
  ok: boolean;
  budget?: { bytesPerIteration: number; exceeded: boolean };
  run: { node: string; platform: string; date: string };
}

/** Thrown for a workload that cannot be run at all (no such file, not a module); one line. */
export class WorkloadError extends Error {}

export async function runWorkload(path: string, options: WorkloadOptions = {}): Promise<WorkloadResult> {
  const workload = resolve(path);
  if (!existsSync(workload)) throw new WorkloadError(`no workload file ${path}`);
  if (!statSync(workload).isFile()) throw new WorkloadError(`${path} is not a file: give the workload module (${WORKLOAD_EXTENSIONS.join(', ')})`);
  if (!WORKLOAD_EXTENSIONS.includes(extname(workload))) {
    throw new WorkloadError(`${path}: a workload is a module ending in ${WORKLOAD_EXTENSIONS.join(', ')}`);
  }
  const problems = countProblems(options);
  if (problems.length) throw new WorkloadError(problems.join('; '));
  const { iterations = CASE_DEFAULTS.iterations, warmup = CASE_DEFAULTS.warmup, timeLimitMs = CASE_DEFAULTS.timeLimitMs } = options;
  if (options.budget !== undefined && !(Number.isFinite(options.budget) && options.budget >= 0)) {
    throw new WorkloadError(`budget must be a number of bytes per iteration, not ${String(options.budget)}`);
  }

  const { run, growth, judgement } = await measureVariant({
    variantPath: workload,
    warmup,
    iterations,
    sampleEvery: sampleEveryFor(CASE_DEFAULTS.sampleEvery, iterations),
    timeLimitMs,
    trackAllocations: options.allocationStacks,
    onProgress: options.onProgress,
    onAnalysis: () => options.onProgress?.('analysis', 0, 0),
    sites: { caseDir: dirname(workload) },
    longer: true,
  });
  removeTempDir(run.snapshotDir);
  const { expected: _expected, ...result } = variantResult(run, 'clean', iterations, growth, judgement);
  return {
    workload,
    ...result,
    ...heldToBudget(result, options.budget),
    run: { node: process.version, platform: `${process.platform}-${process.arch}`, date: new Date().toISOString() },
  };
}
