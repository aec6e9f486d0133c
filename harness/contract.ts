// The case contract (docs/ARCHITECTURE.md): a variant module default-exports a Workload; the
// harness owns the loop, the garbage collections, the snapshots and the timing.

/**
 * Measured intervals per run. Five snapshots where the heap is small cost little, and four
 * intervals let the verdict see a trend and outvote one odd interval (two could not).
 */
export const INTERVALS = 4;

export interface Workload {
  /** Once, before warm-up. */
  setup?(): void | Promise<void>;
  /** One unit of work: a request, a message, a frame. */
  iteration(i: number): void | Promise<void>;
  /** Case counters (pool hits, queue length...) for the report. */
  metrics?(): Record<string, number>;
  teardown?(): void | Promise<void>;
}

export type Family = 'dangling-views' | 'misused-pools' | 'buffer-reuse-growth' | 'escape';
export const FAMILIES: readonly Family[] = ['dangling-views', 'misused-pools', 'buffer-reuse-growth', 'escape'];

/** What the leak shows: growth per iteration, or memory that stays up after a burst. */
export type Signal = 'growth' | 'high-water';

export interface CaseDefinition {
  id: number;
  slug: string;
  title: string;
  family: Family;
  /** The Go post-mortem it ports, one line. */
  origin: string;
  signal: Signal;
  /**
   * The class the buggy variant is expected to leak, as the analyzer names it; `or`: the names
   * other V8 versions give the same objects (a string one version keeps as a concatenation,
   * another flattens).
   */
  culprit: { type: string; name: string; or?: { type: string; name: string }[] };
  /** Iterations per measured interval (there are INTERVALS). */
  iterations: number;
  /** Iterations before the first snapshot: lazy singletons, JIT, caches filling up. */
  warmup: number;
  /** Memory is sampled (after a settle) every this many iterations. */
  sampleEvery: number;
  /** Hard limit for one variant's run, in milliseconds. */
  timeLimitMs: number;
  /** The child's V8 heap limit (--max-old-space-size), when the case needs one. */
  maxOldSpaceMb?: number;
  /**
   * What to do about this case's leak, in its own terms (the fix its README gives, and the
   * tempting non-fix it rules out). Shown instead of the leak shape's generic advice, and to a
   * learner whose `--check` fails.
   */
  hint?: string;
  /**
   * What the case's story says a fix keeps true, read from the counters its variants' metrics()
   * report at the end of a run. `--check` holds a learner's file to each: a file that stops the
   * growth by bounding the symptom (capping a set, shrinking a window, dropping log lines)
   * fails here even when its heap is clean.
   */
  story?: StoryCheck[];
  /**
   * The memory cap for `--oom`: `heapMb` (V8's heap limit, for on-heap leaks; default 64) or
   * `rssMb` (resident memory, for off-heap leaks), and a time limit; false where a run to
   * death does not apply, with `oomNote` saying why.
   */
  oom?: { heapMb?: number; rssMb?: number; timeLimitMs?: number } | false;
  oomNote?: string;
}

/** One thing a case's story says a fix keeps true, over the workload's own counters. */
export interface StoryCheck {
  /** What must hold, in the story's words: 'every connection acquired is released'. */
  says: string;
  /** The metrics() counters it reads: a file that does not report one fails the check. */
  metrics: string[];
  /** True when it holds, given those counters at the end of the run and the iterations run (warm-up included). */
  holds: (metrics: Record<string, number>, run: { iterations: number }) => boolean;
}

export type CaseInput = Partial<CaseDefinition> & Pick<CaseDefinition, 'id' | 'slug' | 'title' | 'family' | 'signal' | 'culprit'>;

export const CASE_DEFAULTS = {
  origin: '',
  iterations: 200,
  warmup: 50,
  sampleEvery: 20,
  timeLimitMs: 60_000,
} as const;

/** The run's counts, each a whole number of at least its minimum (a warm-up may be none). */
const COUNT_MINIMUMS = { iterations: 1, warmup: 0, sampleEvery: 1, timeLimitMs: 1 } as const;

/** What is wrong with a run's counts, one phrase each: the check cases and single workloads share. */
export function countProblems(counts: Partial<Pick<CaseDefinition, keyof typeof COUNT_MINIMUMS>>): string[] {
  const problems: string[] = [];
  for (const [key, min] of Object.entries(COUNT_MINIMUMS) as [keyof typeof COUNT_MINIMUMS, number][]) {
    const value = counts[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) problems.push(`${key} must be a whole number of at least ${min}, not ${String(value)}`);
  }
  return problems;
}

/** Validates a case's metadata and fills in the defaults; case.ts files default-export this. */
export function defineCase(input: CaseInput): CaseDefinition {
  const problems: string[] = [];
  if (!Number.isInteger(input.id) || input.id < 0) problems.push('id must be a whole number');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.slug ?? '')) problems.push(`slug '${input.slug}' must be lowercase words joined by '-'`);
  if (!FAMILIES.includes(input.family)) problems.push(`family must be one of ${FAMILIES.join(', ')}`);
  if (input.signal !== 'growth' && input.signal !== 'high-water') problems.push("signal must be 'growth' or 'high-water'");
  if (!input.culprit?.type || !input.culprit?.name) problems.push('culprit needs a node type and a name');
  if (input.hint !== undefined && (typeof input.hint !== 'string' || !input.hint.trim())) problems.push('hint must be a sentence');
  if (input.story !== undefined) {
    if (!Array.isArray(input.story)) problems.push('story must be a list of { says, metrics, holds }');
    else
      input.story.forEach((check, i) => {
        if (typeof check?.says !== 'string' || !check.says.trim()) problems.push(`story[${i}].says must say what holds`);
        if (!Array.isArray(check?.metrics) || !check.metrics.length || !check.metrics.every((m) => typeof m === 'string' && m.length > 0)) {
          problems.push(`story[${i}].metrics must name the counters it reads`);
        }
        if (typeof check?.holds !== 'function') problems.push(`story[${i}].holds must be a function of the counters`);
      });
  }
  const definition: CaseDefinition = { ...CASE_DEFAULTS, ...input };
  problems.push(...countProblems(definition));
  if (problems.length) throw new Error(`invalid case definition: ${problems.join('; ')}`);
  return definition;
}
