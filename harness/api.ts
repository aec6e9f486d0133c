// The API for test suites (any runner: vitest, node:test, jest): one workload measured the way
// `oomlab run` measures it. Published through index.js, which loads this file with tsx.
//
//   await assertNoLeak('./test/leaks/session-cache.ts', { budget: 64 });

import { runWorkload, type WorkloadOptions, type WorkloadResult } from './lab/run-workload.ts';
import { workloadSummary } from './report/terminal.ts';

export { defineCase, type CaseDefinition, type Workload } from './contract.ts';

/** What `measureLeak` accepts; every field is optional (the defaults are a case's). */
export type MeasureLeakOptions = Omit<WorkloadOptions, 'onProgress'>;

/** `oomlab run --json`'s document, and `summary`: the text the terminal shows. */
export interface LeakReport extends WorkloadResult {
  summary: string;
}

/**
 * Runs the workload (a module default-exporting a Workload; a relative path is resolved
 * against process.cwd()) in a fresh process and judges it. Rejects only when it cannot start
 * (no such file, bad options); a workload that throws or times out resolves with that verdict.
 */
export async function measureLeak(workloadPath: string, options: MeasureLeakOptions = {}): Promise<LeakReport> {
  const result = await runWorkload(workloadPath, options);
  return { ...result, summary: workloadSummary(result) };
}

/**
 * Resolves (with the report) when the workload is clean and within its budget; otherwise
 * rejects with an Error whose message is the summary: the verdict, the figures, what grows
 * and who holds it.
 */
export async function assertNoLeak(workloadPath: string, options: MeasureLeakOptions = {}): Promise<LeakReport> {
  const report = await measureLeak(workloadPath, options);
  if (!report.ok) throw new Error(report.summary);
  return report;
}
