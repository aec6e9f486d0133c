// npm run case -- <n | slug | folder> [--variant buggy|fixed] [--iterations N] [--keep-snapshots] [--json]
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findCase, listCases, UnknownCaseError, type CaseFolder } from '../harness/catalog.ts';
import { checkExercise, createExercise, exercisePath } from '../harness/exercise.ts';
import { NOISE_FLOOR } from '../harness/verdict/verdict.ts';
import { oomCapOf, OomNotApplicable, runOom, type OomResult } from '../harness/oom.ts';
import { PROFILERS, ProfileError, runProfile, type Profiler } from '../harness/profile.ts';
import { textChart } from '../harness/report/chart.ts';
import { figureRows, growsLine, holderLine } from '../harness/report/model.ts';
import { REPORTS_DIR, runCase, type CaseResult, type VariantName } from '../harness/lab.ts';
import { writeCaseReports } from '../harness/report/write.ts';
import { abridgePath, formatEdge, formatPath, stepLabel } from '../harness/heap/paths.ts';
import { formatBytes, formatCount, printable, table } from '../harness/text.ts';
import { parseCommandLine, positiveInteger, printJson, runCli, UsageError, UserError } from './cli.ts';

const USAGE =
  'usage: npm run case -- <number | slug | folder> [--variant buggy|fixed] [--iterations N] [--keep-snapshots] [--alloc-stacks] [--json] [--no-report]\n' +
  '       npm run case -- <case> --exercise [--force]  |  --check [file]  |  --oom [--json]  |  --profile heapprofiler|doctor|flame [--variant V]';

const HELP = `${USAGE}

Runs a case's buggy and fixed variants, each in a fresh process, takes three heap
snapshots of each, and says which leaks, with figures.

  <case>             a number (1), a slug (frame-subarray), or a folder holding
                     buggy.ts and fixed.ts (case.ts optional)
  --variant V        run only buggy or only fixed
  --iterations N     iterations per measured interval (default: the case's)
  --keep-snapshots   keep s0..s4.heapsnapshot in reports/<NN-slug>/<variant>/
  --alloc-stacks     record allocation stacks: the culprit's allocation sites (slower)
  --json             print one JSON document and nothing else
  --no-report        do not write reports/<NN-slug>/ (result.json, report.md, report.html)
Reports go to reports/, or to $OOMLAB_REPORTS_DIR when set.

Until it dies:
  --oom              run the buggy variant under a memory cap until it dies (V8's heap
                     limit, or resident memory for off-heap leaks, as a container's OOM
                     killer would), then the fixed one under the same cap for as long

Profilers:
  --profile TOOL     run one variant (--variant, default buggy) under clinic heapprofiler,
                     clinic doctor or 0x (flame); the HTML goes to
                     reports/<NN-slug>/<variant>/profile-<tool>/

Workshop:
  --exercise         copy the buggy variant to exercises/NN-slug.ts for you to fix
                     (an existing exercise is kept unless --force)
  --check [file]     judge your file (default: that exercise) as the case's fixed variant:
                     exit 0 when clean, 1 when it still leaks, 2 when it cannot run
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
  const iterations = values.iterations === undefined ? undefined : positiveInteger(values.iterations, '--iterations', 1);

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
  if (values.oom) return oom(folder, Boolean(values.json));
  if (values.exercise) return exercise(folder, Boolean(values.force));
  if (values.check) return check(folder, positionals[1]);

  const showProgress = !values.json && process.stderr.isTTY === true;
  const progress = new Map<string, string>();
  const result = await runCase(folder, {
    variants: variant ? [variant as VariantName] : undefined,
    iterations,
    keepSnapshots: Boolean(values['keep-snapshots']),
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

  // Minutes of measurement are never lost to a reports folder that cannot be written: the
  // result is printed first, and the failure said after it, with a non-zero exit.
  let reports: ReturnType<typeof writeCaseReports> | null = null;
  let reportError: string | null = null;
  if (!values['no-report']) {
    try {
      reports = writeCaseReports(REPORTS_DIR, result, folder.dir);
    } catch (error) {
      reportError = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }
  if (values.json) await printJson(result);
  else process.stdout.write(`${summary(result)}\n${reports ? `Report: ${reports.html} (and report.md, result.json)\n` : ''}`);
  if (reportError) {
    process.stderr.write(`case: could not write the reports in ${printable(REPORTS_DIR, 300)}: ${printable(reportError, 300)}\n`);
    return 1;
  }
  return result.ok ? 0 : 1;
});

function summary(result: CaseResult): string {
  const c = result.case;
  const names = (['buggy', 'fixed'] as const).filter((v) => result.variants[v]);
  const lines: string[] = [
    `Case ${c.id} · ${c.slug} · ${c.title}`,
    `${c.family} · signal: ${c.signal}${c.origin ? ` · ported from ${c.origin}` : ''}`,
    '',
  ];
  lines.push(table(['', ...names], figureRows(result)));

  for (const name of names) {
    const v = result.variants[name]!;
    lines.push('', `— ${name} —`);
    if (v.error) {
      lines.push(`  ${v.verdict}: ${printable(v.error.message, 400)}`);
      const frame = v.error.stack?.split('\n').find((l) => /^\s+at /.test(l) && !l.includes('/harness/'));
      if (frame) lines.push(`  ${printable(frame.trim(), 200)}`);
    }
    for (const reason of v.reasons) lines.push(`  ${reason}`);
    if (v.topClasses.length && (v.verdict !== 'clean' || name === 'buggy')) {
      lines.push(
        '  top growing classes (objects that outlived an interval and are alive at the end):',
        indent(
          table(
            ['class', 'type', 'outlived', 'bytes', 'alive at end', 'shallow', 'retained', 'off-heap'],
            v.topClasses.slice(0, 5).map((k) => [
              printable(k.name, 50),
              k.type,
              formatCount(k.persistentCount),
              formatBytes(k.persistentBytes),
              formatCount(k.count),
              formatBytes(k.selfSize),
              formatBytes(k.retainedSize),
              formatBytes(k.offHeapSize),
            ]),
            new Set([2, 3, 4, 5, 6, 7]),
          ),
          4,
        ),
      );
    }
    if (v.culprit) {
      const k = v.culprit;
      const { steps, skipped, cut } = abridgePath(k.path);
      if (v.pattern) lines.push(`  ${printable(v.pattern.sentence, 400)}`);
      lines.push(
        `  culprit: ${k.type} / ${printable(k.name, 80)}: ${formatCount(k.count)} objects, ${formatBytes(k.selfSize)} shallow, ` +
          `${formatBytes(k.retainedSize)} retained, ${formatBytes(k.offHeapSize)} off-heap`,
      );
      const holder = holderLine(v);
      const grows = growsLine(v);
      if (holder) lines.push(`  ${printable(holder, 200)}`);
      if (grows) lines.push(`  ${printable(grows, 200)}`);
      lines.push(
        '  retained by (shortest path from the GC roots):',
        ...steps.map((step, i) => {
          const node = stepLabel(step);
          const line = `    ${step.edge ? `${printable(formatEdge(step.edge, step.repeat), 60)} -> ` : ''}${printable(node, 100)}`;
          if (i === 1 && skipped) return `    … ${skipped} steps through Node's module loader and runtime …\n${line}`;
          if (cut && i === Math.ceil(steps.length / 2)) return `    … ${cut} more steps …\n${line}`;
          return line;
        }),
      );
    }
    for (const site of v.allocationSites ?? []) {
      lines.push(`  allocated at: ${printable(site.functionName, 60)} ${printable(site.scriptName, 120)}:${site.line}:${site.column} (${formatCount(site.count)} objects, ${formatBytes(site.selfSize)})`);
    }
    const metrics = Object.entries(v.metrics);
    if (metrics.length) lines.push(`  metrics: ${metrics.map(([k, n]) => `${printable(k, 40)}=${formatCount(n)}`).join(', ')}`);
    if (v.stderr.trim()) lines.push('  stderr:', ...v.stderr.trim().split('\n').slice(-5).map((l) => `    ${printable(l, 200)}`));
    if (v.snapshots) lines.push(`  snapshots: ${v.snapshots[0]} to s${v.snapshots.length - 1} (open in Chrome DevTools > Memory > Load)`);
  }
  lines.push('', result.ok ? 'OK: the verdicts are what the case expects.' : 'NOT OK: a verdict is not what the case expects.');
  if (result.culpritMatches === false) {
    lines.push(`note: the culprit is not the declared ${result.case.culprit.type} / ${result.case.culprit.name}`);
  }
  return lines.join('\n');
}

async function oom(folder: CaseFolder, json: boolean): Promise<number> {
  let result: OomResult;
  try {
    oomCapOf(folder);
  } catch (error) {
    if (error instanceof OomNotApplicable) throw new UserError(error.message);
    throw error;
  }
  const showProgress = !json && process.stderr.isTTY === true;
  result = await runOom(folder, showProgress ? (v, i, rss) => process.stderr.write(`\r\x1b[K${v}: iteration ${i}, ${formatBytes(rss)} resident`) : undefined);
  if (showProgress) process.stderr.write('\r\x1b[K');
  if (json) {
    await printJson(result);
    return result.ok ? 0 : 1;
  }
  const c = result.case;
  const names = (['buggy', 'fixed'] as const).filter((v) => result.variants[v]);
  const vs = names.map((v) => result.variants[v]!);
  const lines = [
    `Case ${c.id} · ${c.slug} · until it dies (cap: ${vs[0].cap.kind === 'heap' ? `V8 heap ${vs[0].cap.mb} MiB` : `${vs[0].cap.mb} MiB resident`})`,
    '',
    table(
      ['', ...names],
      [
        ['verdict', ...vs.map((v) => `${v.verdict.toUpperCase()} (expected ${v.expected})`)],
        ['iterations', ...vs.map((v) => formatCount(v.iterations))],
        ['time', ...vs.map((v) => `${v.seconds.toFixed(1)} s`)],
        ['peak heapUsed', ...vs.map((v) => formatBytes(v.peak.heapUsed))],
        ['peak external', ...vs.map((v) => formatBytes(v.peak.external))],
        ['peak resident', ...vs.map((v) => formatBytes(v.peak.rss))],
      ],
    ),
  ];
  for (const [name, v] of names.map((n) => [n, result.variants[n]!] as const)) {
    lines.push('', `— ${name} —`, `  ${printable(v.message, 300)}`);
    if (v.timeline.length) lines.push(`  resident memory: ${textChart(v.timeline.map((s) => s.rss))}`);
    if (v.nearDeath) {
      lines.push(`  near death${v.nearDeath.iteration !== null ? ` (iteration ${v.nearDeath.iteration})` : ''}: ${formatBytes(v.nearDeath.totalSelfSize)} in the heap snapshot; largest classes by retained size:`);
      for (const k of v.nearDeath.classes.slice(0, 5)) lines.push(`    ${printable(k.name, 50)} (${k.type}): ${formatCount(k.count)} objects, ${formatBytes(k.retainedSize)} retained`);
      const { steps, skipped } = abridgePath(v.nearDeath.path);
      lines.push(`  what holds it: ${printable(formatPath(steps), 600)}${skipped ? ` (${skipped} steps through the module loader and runtime folded after the first)` : ''}`);
    }
  }
  lines.push('', result.ok ? 'OK: the buggy variant died of its leak; the fixed one lived under the same cap.' : 'NOT OK: see above.');
  process.stdout.write(`${lines.join('\n')}\n`);
  return result.ok ? 0 : 1;
}

async function profile(folder: CaseFolder, variant: VariantName, tool: Profiler): Promise<number> {
  const names = { heapprofiler: 'clinic heapprofiler', doctor: 'clinic doctor', flame: '0x' };
  if (process.stderr.isTTY) process.stderr.write(`Running case ${folder.definition.id}'s ${variant} variant under ${names[tool]}…\n`);
  try {
    const result = await runProfile(folder, variant, tool);
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
    process.stdout.write(`${shown} already exists: your work is kept (--force starts over).\nCheck it with: npm run case ${n} -- --check\n`);
    return 0;
  }
  process.stdout.write(
    [
      `Your exercise: ${shown}`,
      `It is case ${n}'s buggy variant: ${folder.definition.title}.`,
      `1. Run the case to see the leak: npm run case ${n}`,
      `2. Read the notes: ${relative(process.cwd(), join(folder.dir, 'README.md'))} (the fix is at the end: try first)`,
      `3. Edit ${shown} until it no longer leaks, then check it: npm run case ${n} -- --check`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function check(folder: CaseFolder, fileArgument: string | undefined): Promise<number> {
  const file = fileArgument ? resolve(fileArgument) : exercisePath(folder);
  const n = folder.definition.id;
  if (!existsSync(file)) {
    process.stderr.write(
      fileArgument
        ? `case: no file ${fileArgument}\n`
        : `case: no exercise yet for case ${n}: create it with npm run case ${n} -- --exercise\n`,
    );
    return 2;
  }
  const shown = relative(process.cwd(), file) || file;
  if (process.stderr.isTTY) process.stderr.write(`Checking ${shown} against case ${n} (${folder.definition.slug})…\n`);
  const { status, result } = await checkExercise(folder, file);
  if (status === 'error') {
    process.stdout.write(`Could not run ${shown}: ${printable(result.error?.message ?? 'it failed', 600)}\n`);
    const frame = result.error?.stack?.split('\n').find((l) => l.includes(file));
    if (frame) process.stdout.write(`  ${printable(frame.trim(), 300)}\n`);
    return 2;
  }
  const perIteration = result.bytesPerIteration === null ? '?' : formatBytes(result.bytesPerIteration);
  if (status === 'clean') {
    process.stdout.write(`CLEAN: your fix holds. ${perIteration} per iteration, under the ${formatBytes(NOISE_FLOOR)} noise floor.\n`);
    for (const reason of result.reasons) process.stdout.write(`  ${reason}\n`);
    return 0;
  }
  const lines = [
    status === 'high-water'
      ? `STILL HIGH: your version holds much more memory than the fixed one after the same work.`
      : `STILL LEAKING: ${perIteration} per iteration.`,
    ...result.reasons.map((r) => `  ${r}`),
  ];
  if (result.culprit) {
    lines.push(`  what grows: ${result.culprit.type} / ${printable(result.culprit.name, 80)}, held by ${printable(result.culprit.holder || formatPath(abridgePath(result.culprit.path).steps), 400)}`);
    if (result.pattern) lines.push(`  ${printable(result.pattern.sentence, 400)}`);
  }
  if (folder.definition.hint) lines.push(`Hint: ${folder.definition.hint}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 1;
}

function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(by) + l)
    .join('\n');
}
