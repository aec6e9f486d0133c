// Workshop exercises: a learner gets a copy of a case's buggy variant to fix, and the lab
// checks their file the way it judges the case's own variants.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { CaseFolder } from '../catalog.ts';
import { outputFolder } from '../places.ts';
import type { VariantResult } from './result.ts';
import { runCase } from './run-case.ts';

/** exercises/ in this repository; in the user's folder when installed. */
const EXERCISES_DIR = outputFolder('exercises', 'exercises');

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

/** One of the case's story checks (contract.ts, StoryCheck), as a learner's run came out. */
export interface StoryOutcome {
  says: string;
  /** The counters it read, as the run reported them (null: the file did not report it). */
  metrics: Record<string, number | null>;
  holds: boolean;
}

export interface CheckResult {
  /**
   * clean: no leak and the story holds; `story`: no leak, but the file stopped the growth by
   * breaking what the case's program is for (see `story`); otherwise the verdict or an error.
   */
  status: 'clean' | 'story' | 'leak' | 'high-water' | 'error';
  /** The learner's file judged as a variant of the case (figures, reasons, culprit, error). */
  result: VariantResult;
  /** The case's story checks over the file's own counters (none when the case declares none). */
  story: StoryOutcome[];
}

/** Holds a run's counters to the case's story: each check, with the counters it read. */
export function storyOutcomes(folder: CaseFolder, metrics: Record<string, number>, iterationsRun: number): StoryOutcome[] {
  return (folder.definition.story ?? []).map((check) => {
    const read = Object.fromEntries(check.metrics.map((name) => [name, Number.isFinite(metrics[name]) ? metrics[name] : null]));
    const complete = Object.values(read).every((n) => n !== null);
    let holds = false;
    if (complete) {
      try {
        holds = check.holds(read as Record<string, number>, { iterations: iterationsRun }) === true;
      } catch {
        holds = false; // a check that cannot be computed does not hold
      }
    }
    return { says: check.says, metrics: read, holds };
  });
}

/**
 * Judges a learner's file the way the case's own variants are judged: it takes the buggy
 * variant's place in a run of the case (a high-water case also runs the case's fixed variant
 * as its reference), and a fix is expected to be clean.
 */
export async function checkExercise(folder: CaseFolder, file: string): Promise<CheckResult> {
  const run = await runCase({ ...folder, variants: { ...folder.variants, buggy: file } }, { variants: ['buggy'] });
  const result = run.variants.buggy!;
  const verdict = result.verdict === 'leak' || result.verdict === 'clean' || result.verdict === 'high-water' ? result.verdict : 'error';
  if (verdict === 'error') return { status: verdict, result, story: [] };
  const iterationsRun = Math.max(0, ...result.snapshotIterations);
  const story = storyOutcomes(folder, result.metrics, iterationsRun);
  const status = verdict === 'clean' && story.some((s) => !s.holds) ? 'story' : verdict;
  return { status, result, story };
}
