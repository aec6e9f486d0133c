// What the command line prints: the terminal's renderer, beside the Markdown and HTML ones,
// reading the same model (model.ts). Every untrusted string (heap names, paths, what the
// workload printed) goes through escapeTerminal.

import type { CheckResult } from '../lab/exercise.ts';
import type { CaseResult, VariantResult } from '../lab/result.ts';
import type { WorkloadResult } from '../lab/run-workload.ts';
import type { OomResult } from '../lab/oom.ts';
import type { AttachResult } from '../lab/attach.ts';
import type { ServeResult } from '../lab/serve.ts';
import { failureWords } from '../run/http-load.ts';
import { abridgePath, formatEdge, formatPath, stepLabel, type ClassDiff, type PathStep, type SnapshotOverview, type ThreeWayDiff } from '../heap/index.ts';
import { formatBytes, formatCount, table } from '../text.ts';
import { textChart } from './chart.ts';
import { escapeTerminal as t } from './escape.ts';
import { CLASS_HEADERS, caseMeta, deathForecastLine, forecastLine, nearDeathHolder, oomOutcome, oomRows, oomTitle, oomVariantsOf, caseName, classRows, culpritLine, figureRows, growsLine, holderLine, PATH_HEADING, plainClass, plainStory, shapeAndAdvice, variantsOf } from './model.ts';

/** Classes shown per variant in the terminal (the reports show ten). */
const TERMINAL_CLASSES = 5;
/** Lines of the child's stderr shown (its tail). */
const STDERR_LINES = 5;

/**
 * `npm run case`: each variant's outcome in plain words first (what grew, who holds it, what to
 * do), then the figures side by side, then each variant's evidence (reasons, classes, path).
 */
export function caseSummary(result: CaseResult): string {
  const c = result.case;
  const variants = variantsOf(result);
  const lines: string[] = [
    `${t(caseName(c), 200)} · ${t(c.title, 200)}`,
    t(caseMeta(c), 300),
  ];
  for (const [name, v] of variants) {
    lines.push('', `${name}: ${v.verdict.toUpperCase()}, ${v.verdict === v.expected ? 'as expected' : `NOT as expected (expected ${v.expected})`}`, ...storyLines(v, c.hint));
  }
  lines.push('', table(['', ...variants.map(([name]) => name)], figureRows(result).map((row) => row.map((cell) => t(cell, 200)))));
  for (const [name, v] of variants) lines.push('', `— evidence, ${name} —`, ...evidenceLines(v, v.verdict !== 'clean'));
  lines.push('', result.ok ? 'OK: the verdicts are what the case expects.' : 'NOT OK: a verdict is not what the case expects.');
  if (result.culpritMatches === false) {
    lines.push(`note: the culprit is not the declared ${t(result.case.culprit.type)} / ${t(result.case.culprit.name)}`);
  }
  return lines.join('\n');
}

/** The plain story, one labelled line each (model.ts, plainStory). */
function storyLines(v: Omit<VariantResult, 'expected'>, hint?: string): string[] {
  return plainStory(v, hint).map(([label, text]) => `  ${label.padEnd(15)} ${t(text, 500)}`);
}

/** One variant's (or one workload's) evidence: reasons, classes, culprit, path, sites and output. */
function evidenceLines(v: Omit<VariantResult, 'expected'>, showClasses: boolean, unit = 'iteration'): string[] {
  const lines: string[] = [];
  if (v.error) {
    lines.push(`  ${v.verdict}: ${t(v.error.message, 400)}`);
    const frame = v.error.stack?.split('\n').find((l) => /^\s+at /.test(l) && !l.includes('/harness/'));
    if (frame) lines.push(`  ${t(frame.trim(), 200)}`);
  }
  for (const reason of v.reasons) lines.push(`  ${reason}`);
  const classes = classRows({ topClasses: v.topClasses }).slice(0, TERMINAL_CLASSES);
  if (classes.length && showClasses) {
    lines.push(
      '  top growing classes (new objects kept past an interval and alive at the end):',
      indent(table(CLASS_HEADERS, classes.map((row) => row.map((cell) => t(cell, 50))), new Set([2, 3, 4, 5, 6, 7])), 4),
    );
  }
  if (v.culprit) {
    lines.push(`  culprit, as DevTools names it: ${t(culpritLine(v)!, 200)}`);
    const holder = holderLine(v);
    const grows = growsLine(v);
    if (holder) lines.push(`  ${t(holder, 200)}`);
    if (grows) lines.push(`  ${t(grows, 200)}`);
    lines.push(`  ${PATH_HEADING}:`, ...pathLines(v.culprit.path));
  }
  if (v.forecast) lines.push(`  ${t(forecastLine(v.forecast, unit), 400)}`);
  for (const site of v.allocationSites ?? []) {
    lines.push(`  allocated at: ${t(site.functionName, 60)} ${t(site.scriptName, 120)}:${site.line}:${site.column} (${formatCount(site.count)} objects, ${formatBytes(site.selfSize)})`);
  }
  const metrics = Object.entries(v.metrics);
  if (metrics.length) lines.push(`  metrics: ${metrics.map(([k, n]) => `${t(k, 40)}=${formatCount(n)}`).join(', ')}`);
  if (v.stderr.trim()) lines.push('  stderr:', ...v.stderr.trim().split('\n').slice(-STDERR_LINES).map((l) => `    ${t(l, 200)}`));
  if (v.snapshots) lines.push(`  snapshots: ${t(v.snapshots[0], 300)} to s${v.snapshots.length - 1} (open in Chrome DevTools > Memory > Load)`);
  return lines;
}

/** `oomlab run`: one workload's verdict, figures and culprit. */
export function workloadSummary(result: WorkloadResult): string {
  const figures = [
    ['verdict', `${result.verdict.toUpperCase()}${result.confidence ? ` (confidence ${result.confidence})` : ''}`],
    ['bytes per iteration (trend)', result.bytesPerIteration === null ? '–' : formatBytes(result.bytesPerIteration)],
    ...(result.budget ? [['budget', `${formatBytes(result.budget.bytesPerIteration)}/iteration: ${result.budget.exceeded ? 'EXCEEDED' : 'within'}`]] : []),
    ['iterations', `${result.iterations} × ${Math.max(0, result.snapshotIterations.length - 1)} (snapshots at ${result.snapshotIterations.join(', ') || '–'})`],
    ['run time', `${result.seconds.toFixed(1)} s`],
  ];
  const lines = [`Workload ${t(result.workload, 300)}`, '', ...storyLines(result), '', table(['', ''], figures).split('\n').slice(2).join('\n'), '', '— evidence —', ...evidenceLines(result, result.verdict !== 'clean')];
  lines.push('', closingLine(result, 'iteration', 'the workload did not run to its end'));
  return lines.join('\n');
}

/** The last line of `run`, `serve` and `attach`: what the verdict means, in the run's unit. */
function closingLine(result: Pick<WorkloadResult, 'verdict' | 'bytesPerIteration' | 'budget'>, unit: string, notToTheEnd: string): string {
  if (result.verdict !== 'leak' && result.verdict !== 'clean') return `CANNOT JUDGE: ${notToTheEnd} (${result.verdict}).`;
  if (result.verdict === 'leak') return `LEAK: it grows with every ${unit} and holds what grew.`;
  if (result.budget?.exceeded) return `OVER BUDGET: ${formatBytes(result.bytesPerIteration ?? 0)}/${unit}, above ${formatBytes(result.budget.bytesPerIteration)}.`;
  return 'CLEAN: no leak found.';
}

/** Lines of the server's stdout shown (its tail); its stderr shows as a workload's does. */
const STDOUT_LINES = 5;

/** `oomlab serve`: a server's verdict in bytes per request, how the requests went, culprit and holder. */
export function serveSummary(result: ServeResult): string {
  const r = result.requests;
  const failed = r.sent - r.ok;
  const figures = [
    ['verdict', `${result.verdict.toUpperCase()}${result.confidence ? ` (confidence ${result.confidence})` : ''}`],
    ['bytes per request (trend)', result.bytesPerIteration === null ? '–' : formatBytes(result.bytesPerIteration)],
    ...(result.budget ? [['budget', `${formatBytes(result.budget.bytesPerIteration)}/request: ${result.budget.exceeded ? 'EXCEEDED' : 'within'}`]] : []),
    ['requests', `${result.iterations} × ${Math.max(0, result.snapshotIterations.length - 1)} (snapshots after ${result.snapshotIterations.join(', ') || '–'}), ${t(r.specs.join(' | '), 200)}, ${r.concurrency} at a time`],
    ['responses', `${formatCount(r.ok)} of ${formatCount(r.sent)} 2xx/3xx${failed ? `; ${t(failureWords(r), 200)}` : ''}`],
    ['port', result.port === null ? '–' : String(result.port)],
    ['run time', `${result.seconds.toFixed(1)} s`],
  ];
  const lines = [`Server ${t(result.server, 300)}`, '', ...storyLines(result), '', table(['', ''], figures).split('\n').slice(2).join('\n'), '', '— evidence —', ...evidenceLines(result, result.verdict !== 'clean', 'request')];
  if (result.stdout.trim()) lines.push('  server stdout:', ...result.stdout.trim().split('\n').slice(-STDOUT_LINES).map((l) => `    ${t(l, 200)}`));
  const cannot = result.verdict !== 'leak' && result.verdict !== 'clean';
  if (!cannot && failed) lines.push('', `WARNING: ${formatCount(failed)} of ${formatCount(r.sent)} requests were not answered 2xx/3xx (${t(failureWords(r), 200)}): the verdict is for the work the server did.`);
  lines.push('', closingLine(result, 'request', 'the server did not run to the end of the measurement'));
  return lines.join('\n');
}

/** `oomlab attach`: a running process's verdict in bytes per round and per minute; its inspector as left. */
export function attachSummary(result: AttachResult): string {
  const figures = [
    ['verdict', `${result.verdict.toUpperCase()}${result.confidence ? ` (confidence ${result.confidence})` : ''}`],
    ['bytes per round (trend)', result.bytesPerIteration === null ? '–' : formatBytes(result.bytesPerIteration)],
    ['bytes per minute', result.bytesPerMinute === null ? '–' : formatBytes(result.bytesPerMinute)],
    ['rounds', `${result.rounds}, each: ${t(result.between, 200)}`],
    ['inspector', `${t(result.inspector.address, 100)}, ${result.inspector.openedByOomlab ? (result.inspector.closed ? 'opened by oomlab and closed again' : 'opened by oomlab and NOT closed: close it (inspector.close()) or restart at a quiet time') : 'open before, left open'}`],
    ['run time', `${result.seconds.toFixed(1)} s`],
  ];
  const lines = [`Process ${result.pid}`, '', ...storyLines(result), '', table(['', ''], figures).split('\n').slice(2).join('\n'), '', '— evidence —', ...evidenceLines(result, result.verdict !== 'clean', 'round')];
  if (result.minutesToLimit !== null) lines.push(`  at the rounds' pace: about ${formatCount(Math.round(result.minutesToLimit))} minutes (${(result.minutesToLimit / 1440).toFixed(1)} days)`);
  lines.push('', closingLine(result, 'round', 'the rounds did not run to their end'), `The process ${result.pid} was not stopped.`);
  return lines.join('\n');
}

/** One holder of a snapshot's heap, as `analyze` shows it. */
export interface HeapHolderLine {
  holder: string;
  retainedSize: number;
  share: number;
  pattern?: string;
}

/** Who holds the heap, largest first: what a crash dump's reader wants before any table. */
function holderLines(holders: readonly HeapHolderLine[]): string[] {
  if (!holders.length) return [];
  const lines = ['Who holds the heap (the program\'s names, largest first):'];
  for (const h of holders) {
    lines.push(`  ${`${(h.share * 100).toFixed(1)} %`.padStart(7)}  ${formatBytes(h.retainedSize).padStart(9)}  ${t(h.holder, 200)}`);
    if (h.pattern) lines.push(`      ${t(h.pattern, 400)}`);
  }
  lines.push('');
  return lines;
}

/** A retainer path for the terminal: Node's loader folded after the first step, about a dozen lines (abridgePath). */
function pathLines(path: readonly PathStep[]): string[] {
  const { steps, skipped, cut } = abridgePath(path);
  return steps.map((step, i) => {
    const line = `    ${step.edge ? `${t(formatEdge(step.edge, step.repeat), 60)} -> ` : ''}${t(stepLabel(step), 100)}`;
    if (i === 1 && skipped) return `    … ${skipped} steps through Node's module loader and runtime …\n${line}`;
    if (cut && i === Math.ceil(steps.length / 2)) return `    … ${cut} more steps …\n${line}`;
    return line;
  });
}

/** `npm run case --oom`: how each variant fared under the cap, and what held the memory near death. */
export function oomSummary(result: OomResult): string {
  const variants = oomVariantsOf(result);
  const lines = [t(oomTitle(result), 300), '', table(['', ...variants.map(([name]) => name)], oomRows(result))];
  for (const [name, v] of variants) {
    lines.push('', `— ${name} —`, `  ${t(v.message, 300)}`);
    if (v.forecast) lines.push(`  ${t(deathForecastLine(v.forecast), 600)}`);
    if (v.timeline.length) lines.push(`  resident memory: ${textChart(v.timeline.map((s) => s.rss))}`);
    if (v.nearDeath) {
      lines.push(`  near death${v.nearDeath.iteration !== null ? ` (iteration ${v.nearDeath.iteration})` : ''}: ${formatBytes(v.nearDeath.totalSelfSize)} in the heap snapshot; largest classes by retained size:`);
      for (const k of v.nearDeath.classes.slice(0, TERMINAL_CLASSES)) lines.push(`    ${t(k.name, 50)} (${k.type}): ${formatCount(k.count)} objects, ${formatBytes(k.retainedSize)} retained`);
      const holder = nearDeathHolder(v.nearDeath.path);
      lines.push(`  what holds it: ${t(holder.path, 600)}${holder.folded}`);
    }
  }
  lines.push('', oomOutcome(result));
  return lines.join('\n');
}

/** `npm run case --check`: the learner's file judged as the case's fixed variant, and held to the case's story. */
export function checkSummary({ status, result, story }: CheckResult, file: string, shownFile: string, hint?: string): string {
  if (status === 'error') {
    const lines = [`Could not run ${t(shownFile, 300)}: ${t(result.error?.message ?? 'it failed', 600)}`];
    const frame = result.error?.stack?.split('\n').find((l) => l.includes(file));
    if (frame) lines.push(`  ${t(frame.trim(), 300)}`);
    return lines.join('\n');
  }
  const perIteration = result.bytesPerIteration === null ? '?' : formatBytes(result.bytesPerIteration);
  const storyLines = story.map((s) => `  ${s.holds ? 'yes' : 'NO '}  ${t(s.says, 200)}: ${Object.entries(s.metrics).map(([k, n]) => `${t(k, 40)}=${n === null ? 'not reported' : formatCount(n)}`).join(', ')}`);
  const metrics = Object.entries(result.metrics);
  const metricsLine = metrics.length ? [`  counters at the end: ${metrics.map(([k, n]) => `${t(k, 40)}=${formatCount(n)}`).join(', ')}`] : [];
  const evidence = result.reasons.length ? ['Evidence:', ...result.reasons.map((r) => `  ${r}`)] : [];
  if (status === 'clean') {
    return [
      `CLEAN: your fix holds: ${plainStory(result)[0][1].replace(/\.$/, '')}${story.length ? '; and the program still does what its story says:' : '.'}`,
      ...storyLines,
      ...metricsLine,
      ...evidence,
    ].join('\n');
  }
  if (status === 'story') {
    return [
      'NOT FIXED: the heap no longer grows, but the program no longer does what its story says:',
      ...storyLines,
      ...metricsLine,
      'That stops the symptom, not the cause.',
      ...(hint ? [`Hint: ${t(hint, 400)}`] : []),
    ].join('\n');
  }
  const lines = [
    status === 'high-water'
      ? `STILL HIGH: your version holds much more memory than the fixed one after the same work.`
      : `STILL LEAKING: the heap grows ${perIteration} per iteration.`,
  ];
  if (result.culprit) {
    lines.push(`  what grows: ${t(plainClass(result.culprit), 120)}, held by ${t(result.culprit.holder || formatPath(abridgePath(result.culprit.path).steps), 400)}`);
    if (result.pattern) lines.push(`  ${t(shapeAndAdvice(result.pattern.sentence, hint).shape, 400)}`);
  }
  lines.push(...storyLines, ...metricsLine);
  if (hint) lines.push(`Hint: ${t(hint, 400)}`);
  lines.push(...evidence);
  return lines.join('\n');
}

/** `npm run analyze`: totals, the top classes and objects, and the largest one's path. */
export function overviewSummary(file: string, result: Omit<SnapshotOverview, 'holders'>, top: number, holders: readonly HeapHolderLine[] = []): string {
  const lines = [
    `${t(file)}: ${formatCount(result.nodes)} nodes, ${formatCount(result.edges)} edges, ` +
      `${formatBytes(result.totalSelfSize)} in all, ${formatBytes(result.offHeapSize)} of it off-heap (ArrayBuffer backing stores)`,
    '',
    ...holderLines(holders),
    `Top classes by retained size:`,
    table(
      ['class', 'type', 'count', 'shallow', 'retained', 'off-heap'],
      result.classes.slice(0, top).map((c) => [t(c.name, 60), c.type, formatCount(c.count), formatBytes(c.selfSize), formatBytes(c.retainedSize), formatBytes(c.offHeapSize)]),
      new Set([2, 3, 4, 5]),
    ),
    '',
    `Top ${result.top.length} objects by retained size:`,
    table(
      ['id', 'type', 'name', 'shallow', 'retained'],
      result.top.map((o) => [`@${o.id}`, o.type, t(o.name, 60), formatBytes(o.selfSize), formatBytes(o.retainedSize)]),
      new Set([3, 4]),
    ),
  ];
  if (result.top.length) lines.push('', `Retainer path of the largest (@${result.top[0].id}):`, `  ${t(formatPath(result.largestPath), 2000)}`);
  const held = result.heldMost;
  if (held) {
    const share = result.top[0].retainedSize ? Math.round((100 * held.object.retainedSize) / result.top[0].retainedSize) : 0;
    lines.push(
      '',
      `${share}% of the largest is one object inside it: @${held.object.id} ${t(held.object.name || held.object.type, 60)} (${held.object.type}), ${formatBytes(held.object.retainedSize)} retained. Its path:`,
      `  ${t(formatPath(abridgePath(held.path).steps), 2000)}`,
    );
  }
  return lines.join('\n');
}

/** `npm run diff a b`: per class, objects new and deleted; `labels` name the files as the user gave them. */
export function classDiffSummary(classes: ClassDiff[], top: number, labels: readonly string[] = ['S0', 'S1']): string {
  const changed = classes.filter((c) => c.added || c.deleted);
  return (
    `Classes by size delta from ${t(labels[0], 200)} to ${t(labels[1], 200)} (${formatCount(changed.length)} changed):\n` +
    table(
      ['class', 'type', 'new', 'deleted', 'count delta', 'size delta'],
      changed.slice(0, top).map((c) => [t(c.name, 60), c.type, formatCount(c.added), formatCount(c.deleted), signed(c.countDelta), formatBytes(c.sizeDelta)]),
      new Set([2, 3, 4, 5]),
    )
  );
}

/** `npm run diff a b c`: the survivors of a -> c by class; `labels` name the files as the user gave them. */
export function survivorsSummary(result: ThreeWayDiff, top: number, labels: readonly string[] = ['S0', 'S1', 'S2']): string {
  const [first, middle, last] = labels.map((label) => t(label, 200));
  const lines = [
    `${formatCount(result.survivors.count)} objects (${formatBytes(result.survivors.bytes)}) first seen after ${first} are still alive in ${last}. By class:`,
    table(
      ['class', 'type', `new in ${middle}`, `alive in ${last}`, 'shallow', 'retained', 'off-heap'],
      result.classes.slice(0, top).map((c) => [t(c.name, 60), c.type, formatCount(c.newInS1), formatCount(c.count), formatBytes(c.selfSize), formatBytes(c.retainedSize), formatBytes(c.offHeapSize)]),
      new Set([2, 3, 4, 5, 6]),
    ),
  ];
  if (result.path.length) lines.push('', 'Retainer path of the largest survivor of the top class:', `  ${t(formatPath(result.path), 2000)}`);
  return lines.join('\n');
}

function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(by) + l)
    .join('\n');
}
