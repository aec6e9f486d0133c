// Workshop exercises: a learner gets a copy of a case's buggy variant to fix, and the lab
// checks their file the way it judges the case's own variants.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseFolder } from './catalog.ts';
import { runVariant, type VariantRun } from './run/runner.ts';
import { measureGrowth } from './verdict/growth.ts';
import { judgeGrowth, judgeHighWater, type Judgement } from './verdict/verdict.ts';
import { rmSync } from 'node:fs';

export const EXERCISES_DIR = fileURLToPath(new URL('../exercises/', import.meta.url));

export function exercisePath(folder: CaseFolder): string {
  return join(EXERCISES_DIR, `${String(folder.definition.id).padStart(2, '0')}-${folder.definition.slug}.ts`);
}

/**
 * Copies the buggy variant to exercises/NN-slug.ts, its relative imports rewritten so that the
 * copy still finds the case's helpers. Refuses to overwrite a learner's work unless forced.
 */
export function createExercise(folder: CaseFolder, force = false): { path: string; created: boolean } {
  const target = exercisePath(folder);
  if (existsSync(target) && !force) return { path: target, created: false };
  const source = readFileSync(folder.variants.buggy, 'utf8');
  const rewritten = source.replace(/(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\2/g, (_all, lead: string, quote: string, specifier: string) => {
    let moved = relative(dirname(target), resolve(folder.dir, specifier)).split('\\').join('/');
    if (!moved.startsWith('.')) moved = `./${moved}`;
    return `${lead}${quote}${moved}${quote}`;
  });
  mkdirSync(dirname(target), { recursive: true });
  const header = `// Exercise: case ${folder.definition.id}, ${folder.definition.slug}. Fix the leak, then run:\n//   npm run case ${folder.definition.id} -- --check\n`;
  writeFileSync(target, header + rewritten);
  return { path: target, created: true };
}

export interface CheckResult {
  status: 'clean' | 'leak' | 'high-water' | 'error';
  judgement: Judgement | null;
  run: VariantRun;
  /** For errors: why, one line. */
  message?: string;
}

/** Runs a learner's file as a variant of the case and judges it (a fixed variant is expected). */
export async function checkExercise(folder: CaseFolder, file: string): Promise<CheckResult> {
  const definition = folder.definition;
  const options = {
    warmup: definition.warmup,
    iterations: definition.iterations,
    sampleEvery: Math.max(1, Math.min(definition.sampleEvery, Math.floor(definition.iterations / 4))),
    timeLimitMs: definition.timeLimitMs,
    maxOldSpaceMb: definition.maxOldSpaceMb,
  };
  // A high-water case is judged against the case's own fixed variant, after the same work.
  const [run, reference] = await Promise.all([
    runVariant({ ...options, variantPath: file }),
    definition.signal === 'high-water' ? runVariant({ ...options, variantPath: folder.variants.fixed }) : Promise.resolve(null),
  ]);
  try {
    if (run.status !== 'ok' || !run.snapshots) {
      return { status: 'error', judgement: null, run, message: run.failure?.message ?? `the run ended: ${run.status}` };
    }
    const growth = await measureGrowth(run.snapshots, run.timeline, definition.iterations);
    let judgement = judgeGrowth(growth);
    if (reference?.snapshots) judgement = judgeHighWater(growth, await measureGrowth(reference.snapshots, reference.timeline, definition.iterations));
    return { status: judgement.verdict, judgement, run };
  } finally {
    for (const r of [run, reference]) if (r?.snapshots) rmSync(dirname(r.snapshots.s0), { recursive: true, force: true });
  }
}
