// npm run case -- <n | slug | folder> [--variant buggy|fixed] [--iterations N] [--keep-snapshots] [--json]
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findCase, listCases, UnknownCaseError, type CaseFolder } from '../harness/catalog.ts';
import { checkExercise, createExercise, exercisePath } from '../harness/lab/exercise.ts';
import type { VariantName } from '../harness/lab/result.ts';
import type { Verdict } from '../harness/verdict/verdict.ts';
import { runCase } from '../harness/lab/run-case.ts';
import { oomCapOf, OomNotApplicable, runOom } from '../harness/lab/oom.ts';
import { PROFILERS, ProfileError, runProfile, type Profiler } from '../harness/lab/profile.ts';
import { escapeTerminal } from '../harness/report/escape.ts';
import { REPORTS_DIR, reportDir } from '../harness/report/locations.ts';
import { caseSummary, checkSummary, oomSummary } from '../harness/report/terminal.ts';
import { writeCaseReports } from '../harness/report/write.ts';
import { writeOomReports } from '../harness/report/oom-report.ts';
import { formatBytes } from '../harness/text.ts';
import { commandName, commandUsage, parseCommandLine, wholeNumber, printJson, runCli, UsageError, UserError } from './cli.ts';

const USAGE =
  `${commandUsage('case', '<number | slug | folder> [--variant buggy|fixed] [--iterations N] [--keep-snapshots] [--alloc-stacks] [--json] [--no-report] [--expect E]')}\n` +
  `       ${commandName('case')} <case> --exercise [--force]  |  --check [file]  |  --oom [--json]  |  --profile heapprofiler|doctor|flame [--variant V]`;

const HELP = `${USAGE}

Runs a case's buggy and fixed variants, each in a fresh process, takes five heap
snapshots of each, and says which leaks, with figures.

  <case>             a number (1), a slug (frame-subarray), or a folder holding
                     buggy.ts and fixed.ts (case.ts optional)
  --variant V        run only buggy or only fixed (its reports go to
                     reports/<NN-slug>/<variant>/; the side-by-side report stays)
  --iterations N     iterations per measured interval (default: the case's)
  --keep-snapshots   keep s0..s4.heapsnapshot in reports/<NN-slug>/<variant>/
  --alloc-stacks     record allocation stacks: the culprit's allocation sites (slower)
  --json             print one JSON document and nothing else
  --no-report        do not write reports/<NN-slug>/ (result.json, report.md, report.html)
  --expect E         what the verdicts should be, for a folder without case.ts (which
                     expects buggy=leak,fixed=clean): clean (both), or buggy=V,fixed=V
                     with V one of leak, clean, high-water
Reports go to reports/, or to $OOMLAB_REPORTS_DIR when set.

Until it dies:
  --oom              run the buggy variant under a memory cap until it dies (V8's heap
                     limit, or resident memory for off-heap leaks, as a container's OOM
                     killer would), then the fixed one under the same cap for as long;
                     with the forecast from the first iterations against the real death,
                     and reports in reports/<NN-slug>/oom/

Profilers:
  --profile TOOL     run one variant (--variant, default buggy) under clinic heapprofiler,
                     clinic doctor or 0x (flame); the HTML goes to
                     reports/<NN-slug>/<variant>/profile-<tool>/

Workshop:
  --exercise         copy the buggy variant to exercises/NN-slug.ts for you to fix
                     (an existing exercise is kept unless --force)
  --check [file]     judge your file (default: that exercise) as the case's fixed variant,
                     and hold it to the case's story (its counters, e.g. connections
                     acquired and released): exit 0 when clean and the story holds, 1 when
                     it still leaks or the story broke, 2 when it cannot run (--json: one
                     JSON document with the counters)
Exit code: 0 when the verdicts are what the case expects, 1 when not, 2 for usage errors.

Cases: ${listCases().map((c) => `${c.id} ${c.slug}`).join(', ') || '(none)'}`;

await runCli('case', USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    variant: { type: 'string' },
    iterations: { type: 'string' },
    'keep-snapshots': { type: 'boolean' },
    'alloc-stacks': { type: 'boolean' },
    'no-report': { type: 'boolean' },
    exercise: { type: 'boolean' },
    force: { type: 'boolean' },
    check: { type: 'boolean' },
    oom: { type: 'boolean' },
    profile: { type: 'string' },
    json: { type: 'boolean' },
    expect: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const maxPositionals = values.check ? 2 : 1;
  if (positionals.length === 0) throw new UsageError('which case? give a number, a slug or a folder');
  if (positionals.length > maxPositionals) throw new UsageError(values.check ? 'give one case and at most one file to check' : 'give one case');
  if (values.exercise && values.check) throw new UsageError('--exercise and --check go one at a time');
  const variant = values.variant;
  if (variant !== undefined && variant !== 'buggy' && variant !== 'fixed') throw new UsageError(`--variant is buggy or fixed, not '${String(variant)}'`);
  const iterations = values.iterations === undefined ? undefined : wholeNumber(values.iterations, '--iterations', 1);

  const expected = values.expect === undefined ? undefined : parseExpectation(values.expect);

  let folder;
  try {
    folder = await findCase(positionals[0]);
  } catch (error) {
    if (error instanceof UnknownCaseError) throw new UsageError(error.message);
    throw new UserError(`cannot load the case: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }

  if (values.profile !== undefined) {
    const tool = values.profile;
    if (!PROFILERS.includes(tool as Profiler)) throw new UsageError(`--profile takes ${PROFILERS.join(', ')}, not '${String(tool)}'`);
    return profile(folder, (variant as VariantName | undefined) ?? 'buggy', tool as Profiler);
  }
  if (values.oom) return oom(folder, Boolean(values.json), Boolean(values['no-report']));
  if (values.exercise) return exercise(folder, Boolean(values.force));
  if (values.check) return check(folder, positionals[1], Boolean(values.json));

  // A buggy variant expected to run high is judged against the fixed one, as a high-water case is.
  if (expected?.buggy === 'high-water') folder = { ...folder, definition: { ...folder.definition, signal: 'high-water' as const } };
  const showProgress = !values.json && process.stderr.isTTY === true;
  const progress = new Map<string, string>();
  const result = await runCase(folder, {
    variants: variant ? [variant as VariantName] : undefined,
    expected,
    iterations,
    keepSnapshotsIn: values['keep-snapshots'] ? reportDir(folder.definition) : undefined,
    trackAllocations: Boolean(values['alloc-stacks']),
    onProgress: showProgress
      ? (name, phase, iteration, total) => {
          progress.set(name, phase === 'analysis' ? 'analysing' : `${phase === 'progress' ? 'running' : phase} ${iteration}/${total}`);
          const line = [...progress].map(([v, p]) => `${v}: ${p}`).join('   ');
          process.stderr.write(`\r\x1b[K${line}`);
        }
      : undefined,
  });
  if (showProgress) process.stderr.write('\r\x1b[K');

  return reportAndPrint(result, () => writeCaseReports(REPORTS_DIR, result, folder.dir), caseSummary, Boolean(values.json), Boolean(values['no-report']));
});

/**
 * Writes the reports (unless `noReport`) and prints the result, --json or the summary with
 * where the report is. Minutes of measurement are never lost to a reports folder that cannot be
 * written: the result is printed first, and the failure said after it, with exit code 1.
 */
async function reportAndPrint<R extends { ok: boolean }>(result: R, write: () => { html: string }, summary: (result: R) => string, json: boolean, noReport: boolean): Promise<number> {
  let reports: { html: string } | null = null;
  let reportError: string | null = null;
  if (!noReport) {
    try {
      reports = write();
    } catch (error) {
      reportError = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }
  if (json) await printJson(result);
  else process.stdout.write(`${summary(result)}\n${reports ? `Report: ${reports.html} (and report.md, result.json)\n` : ''}`);
  if (reportError) {
    process.stderr.write(`case: could not write the reports in ${escapeTerminal(REPORTS_DIR, 300)}: ${escapeTerminal(reportError, 300)}\n`);
    return 1;
  }
  return result.ok ? 0 : 1;
}

/** `--expect clean` (both variants), or `--expect buggy=leak,fixed=clean`. */
function parseExpectation(text: string | boolean): Partial<Record<VariantName, Verdict>> {
  const verdicts: readonly Verdict[] = ['leak', 'clean', 'high-water'];
  const wrong = (): never => {
    throw new UsageError(`--expect takes leak, clean or high-water, for both variants or as buggy=V,fixed=V; not '${String(text)}'`);
  };
  if (typeof text !== 'string') return wrong();
  if (verdicts.includes(text as Verdict)) return { buggy: text as Verdict, fixed: text as Verdict };
  const expected: Partial<Record<VariantName, Verdict>> = {};
  for (const part of text.split(',')) {
    const [name, verdict] = part.split('=').map((s) => s.trim());
    if ((name !== 'buggy' && name !== 'fixed') || !verdicts.includes(verdict as Verdict) || expected[name]) wrong();
    expected[name as VariantName] = verdict as Verdict;
  }
  return expected;
}

async function oom(folder: CaseFolder, json: boolean, noReport: boolean): Promise<number> {
  try {
    oomCapOf(folder);
  } catch (error) {
    if (error instanceof OomNotApplicable) throw new UserError(error.message);
    throw error;
  }
  const showProgress = !json && process.stderr.isTTY === true;
  const result = await runOom(folder, showProgress ? (v, i, rss) => process.stderr.write(`\r\x1b[K${v}: iteration ${i}, ${formatBytes(rss)} resident`) : undefined);
  if (showProgress) process.stderr.write('\r\x1b[K');
  return reportAndPrint(result, () => writeOomReports(REPORTS_DIR, result), oomSummary, json, noReport);
}

async function profile(folder: CaseFolder, variant: VariantName, tool: Profiler): Promise<number> {
  const names = { heapprofiler: 'clinic heapprofiler', doctor: 'clinic doctor', flame: '0x' };
  if (process.stderr.isTTY) process.stderr.write(`Running case ${folder.definition.id}'s ${variant} variant under ${names[tool]}…\n`);
  try {
    const result = await runProfile(folder, variant, tool, reportDir(folder.definition));
    process.stdout.write(`${names[tool]} report: ${result.html}\n(${result.seconds.toFixed(0)} s; open it in a browser)\n`);
    return 0;
  } catch (error) {
    if (error instanceof ProfileError) throw new UserError(error.message);
    throw error;
  }
}

function exercise(folder: CaseFolder, force: boolean): number {
  const { path, created } = createExercise(folder, force);
  const n = folder.definition.id;
  const shown = relative(process.cwd(), path) || path;
  if (!created) {
    process.stdout.write(`${shown} already exists: your work is kept (--force starts over).\nCheck it with: ${commandName('case')} ${n} --check\n`);
    return 0;
  }
  process.stdout.write(
    [
      `Your exercise: ${shown}`,
      `It is case ${n}'s buggy variant: ${folder.definition.title}.`,
      `1. Run the case to see the leak: ${commandName('case')} ${n}`,
      `2. Read the notes: ${relative(process.cwd(), join(folder.dir, 'README.md'))} (the fix is at the end: try first)`,
      `3. Edit ${shown} until it no longer leaks, then check it: ${commandName('case')} ${n} --check`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function check(folder: CaseFolder, fileArgument: string | undefined, json: boolean): Promise<number> {
  const file = fileArgument ? resolve(fileArgument) : exercisePath(folder);
  const n = folder.definition.id;
  if (!existsSync(file)) {
    process.stderr.write(
      fileArgument
        ? `case: no file ${fileArgument}\n`
        : `case: no exercise yet for case ${n}: create it with ${commandName('case')} ${n} --exercise\n`,
    );
    return 2;
  }
  const shown = relative(process.cwd(), file) || file;
  if (process.stderr.isTTY && !json) process.stderr.write(`Checking ${shown} against case ${n} (${folder.definition.slug})…\n`);
  const check = await checkExercise(folder, file);
  const exit = check.status === 'clean' ? 0 : check.status === 'error' ? 2 : 1;
  if (json) {
    const { status, story, result } = check;
    await printJson({ case: { id: n, slug: folder.definition.slug }, file, status, ok: exit === 0, metrics: result.metrics, story, ...(exit === 1 && folder.definition.hint ? { hint: folder.definition.hint } : {}), result });
  } else {
    process.stdout.write(`${checkSummary(check, file, shown, folder.definition.hint)}\n`);
  }
  return exit;
}
