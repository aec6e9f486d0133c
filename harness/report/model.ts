// What a case report shows, independent of the format: the terminal, HTML and Markdown
// renderers all read this, so they cannot drift apart. Heap strings stay raw here; renderers escape them.

import { arch, cpus, platform, release, totalmem } from 'node:os';
import type { CaseResult, VariantName, VariantResult } from '../lab/result.ts';
import type { DeathForecast, OomForecast } from '../lab/forecast.ts';
import type { OomResult, OomVariantResult } from '../lab/oom.ts';
import type { Sample } from '../run/protocol.ts';
import { INTERVALS } from '../contract.ts';
import { abridgePath, anchorIndex, foldChains, formatEdge, formatPath, stepLabel } from '../heap/index.ts';
import { figuresOf, floorFor, judgeFigures, NOISE_FLOOR } from '../verdict/verdict.ts';
import { formatBytes, formatCount } from '../text.ts';

export const VARIANT_COLORS: Record<VariantName, string> = { buggy: '#c0392b', fixed: '#1f77b4' };

export interface Measure {
  title: string;
  value: (s: Sample) => number;
}

export const MEASURES: Measure[] = [
  { title: 'V8 heap used (heapUsed)', value: (s) => s.heapUsed },
  { title: 'Off the V8 heap (external, ArrayBuffers included)', value: (s) => s.external },
  { title: 'Resident set size (rss)', value: (s) => s.rss },
];

/** A case's name: `Case 3 · pool-release-on-throw`, or the folder's for one without case.ts (no number). */
export function caseName(c: CaseResult['case']): string {
  return c.ownFolder ? c.slug : `Case ${c.id} · ${c.slug}`;
}

/** The line under a case's title: its family and signal, or, for a folder without case.ts, just that. */
export function caseMeta(c: CaseResult['case']): string {
  if (c.ownFolder) return 'your own folder (no case.ts)';
  return `${c.family} · signal: ${c.signal}${c.origin ? ` · ported from ${c.origin}` : ''}`;
}

export function variantsOf(result: CaseResult): [VariantName, VariantResult][] {
  return (['buggy', 'fixed'] as const).filter((v) => result.variants[v]).map((v) => [v, result.variants[v]!]);
}

/** The side-by-side figures: a label, then one cell per variant. */
export function figureRows(result: CaseResult): [string, ...string[]][] {
  const cell = (f: (v: VariantResult) => string): string[] => variantsOf(result).map(([, v]) => f(v));
  const g = (f: (v: NonNullable<VariantResult['growth']>) => string) => (v: VariantResult): string => (v.growth ? f(v.growth) : '–');
  return [
    ['verdict', ...cell((v) => `${v.verdict.toUpperCase()} (expected ${v.expected}), ${v.verdict === v.expected ? 'as expected' : 'NOT as expected'}`)],
    ['confidence', ...cell((v) => v.confidence ?? '–')],
    ['bytes per iteration (trend)', ...cell((v) => (v.bytesPerIteration === null ? '–' : formatBytes(v.bytesPerIteration)))],
    ['growth per interval', ...cell(g((x) => x.perInterval.map((n) => formatBytes(n)).join(' / ') + ' per it'))],
    ['new objects kept, per it', ...cell(g((x) => `${formatBytes(x.persistentPerIteration)}/it`))],
    ['long-lived containers grew', ...cell(g((x) => `${formatBytes(x.containers.reduce((sum, c) => sum + c.perIteration, 0))}/it`))],
    ['memory timeline slope', ...cell(g((x) => `${formatBytes(x.timelineSlope)}/it`))],
    ['program heap, S0 → S' + lastIndex(result), ...cell(g((x) => `${formatBytes(x.totals[0])} → ${formatBytes(x.totals.at(-1)!)}`))],
    ['survivors (new after S0, alive at the end)', ...cell(g((x) => `${formatCount(x.survivors.count)} objects, ${formatBytes(x.survivors.bytes)}`))],
    ['iterations', ...cell((v) => `${v.iterations} × ${Math.max(0, v.snapshotIterations.length - 1)} (snapshots at ${v.snapshotIterations.join(', ') || '–'})`)],
    ['run time', ...cell((v) => `${v.seconds.toFixed(1)} s`)],
  ];
}

/** The index of the last snapshot (S4 with four intervals). */
function lastIndex(result: CaseResult): number {
  return Math.max(0, ...variantsOf(result).map(([, v]) => (v.growth?.totals.length ?? 1) - 1));
}

export const CLASS_HEADERS = ['class', 'type', 'kept past an interval', 'their bytes', 'alive at the end', 'shallow', 'retained', 'off-heap'];

/** The classes that kept objects past an interval (a class with none is not growing, whatever its size). */
export function classRows(v: Pick<VariantResult, 'topClasses'>): string[][] {
  return v.topClasses.filter((k) => k.persistentCount > 0).map((k) => [
    k.name,
    k.type,
    formatCount(k.persistentCount),
    formatBytes(k.persistentBytes),
    formatCount(k.count),
    formatBytes(k.selfSize),
    formatBytes(k.retainedSize),
    formatBytes(k.offHeapSize),
  ]);
}

export interface PathLink {
  edge: string | null;
  node: string;
  type: string;
  /** Links before the program's own scope (Node's module loader, the runtime): folded in views. */
  folded: boolean;
}

/**
 * The culprit's retainer path as links of a chain, runs of alike steps folded (`._idlePrev
 * ×198`). The steps between the root and the program's own scope (a module, a closure) are
 * marked folded: the terminal and the reports show them on demand.
 */
export function pathLinks(v: VariantResult): PathLink[] {
  const steps = foldChains(v.culprit?.path ?? []);
  const anchor = anchorIndex(steps);
  return steps.map((step, i) => ({
    edge: step.edge ? formatEdge(step.edge, step.repeat) : null,
    node: stepLabel(step),
    type: step.node.type,
    folded: i >= 1 && i < anchor,
  }));
}

/**
 * The leak shape's sentence split into what the shape is and the generic advice after its
 * last '; ' (patterns.ts writes them so). A case's own hint replaces the generic advice: the
 * generic one (bound the set) can contradict the case's fix (return every connection).
 */
export function shapeAndAdvice(sentence: string, caseHint?: string): { shape: string; advice: string | null; fromCase: boolean } {
  const cut = sentence.lastIndexOf('; ');
  const shape = cut > 0 ? `${sentence.slice(0, cut)}.` : sentence;
  const generic = cut > 0 ? sentence.slice(cut + 2).replace(/^./, (c) => c.toUpperCase()) : null;
  return caseHint ? { shape, advice: caseHint, fromCase: true } : { shape, advice: generic, fromCase: false };
}

/**
 * A class as a newcomer reads it: `PooledConnection objects`, `ArrayBuffer backing stores (off
 * the V8 heap)`, not the analyzer's `native / system / JSArrayBufferData`. The analyzer's
 * names stay in the evidence (culpritLine) for DevTools users.
 */
export function plainClass(k: { type: string; name: string }): string {
  const name = k.name;
  if (/JSArrayBufferData|backing_store/i.test(name)) return 'ArrayBuffer backing stores (bytes off the V8 heap)';
  if (name === 'system / Context' || /^system \/ Context\b/.test(name)) return 'closure scopes (V8 Contexts)';
  if (k.type === 'closure') return `closures ${name ? `(${name})` : ''}`.trim();
  if (/string/.test(k.type)) return k.type === 'sliced string' ? 'sliced strings (views into larger strings)' : 'strings';
  if (k.type === 'object' || k.type === 'array') return `${name} objects`;
  return `${name} (${k.type})`;
}

/**
 * A variant's outcome in plain words, before any evidence: what grew, who holds it, what shape
 * it is and what to do (the case's own advice when it has one); or that nothing grew. Every
 * renderer leads with these lines; the verdict's reasons, classes and path follow as evidence.
 */
export function plainStory(v: Pick<VariantResult, 'verdict' | 'bytesPerIteration' | 'culprit' | 'pattern' | 'error' | 'growth' | 'snapshotIterations'>, caseHint?: string): [string, string][] {
  const perIteration = v.bytesPerIteration === null ? null : formatBytes(v.bytesPerIteration);
  if (v.verdict === 'clean') return [cleanStory(v, perIteration ?? '?')];
  if (v.verdict !== 'leak' && v.verdict !== 'high-water') {
    return [['Could not judge', `the run did not finish (${v.verdict})${v.error ? `: ${v.error.message}` : ''}.`]];
  }
  const story: [string, string][] = [];
  const k = v.culprit;
  const how = v.verdict === 'leak' ? `the heap grows ${perIteration ?? '?'} per iteration` : 'still held after the work, more than the fixed variant holds';
  story.push(['What grew', k ? `${plainClass(k)}: ${formatCount(k.count)} of them, ${formatBytes(k.retainedSize)}; ${how}.` : `${how}; no one class explains it.`]);
  if (k?.holder) story.push(['Who holds it', holderWithShare(k)]);
  const split = v.pattern ? shapeAndAdvice(v.pattern.sentence, caseHint) : caseHint ? { shape: null, advice: caseHint } : null;
  if (split?.shape) story.push(['The shape', split.shape]);
  if (split?.advice) story.push(['What to do', split.advice]);
  return story;
}

export function culpritLine(v: Pick<VariantResult, 'culprit'>): string | null {
  const k = v.culprit;
  if (!k) return null;
  return `${k.type} / ${k.name}: ${formatCount(k.count)} objects, ${formatBytes(k.selfSize)} shallow, ${formatBytes(k.retainedSize)} retained, ${formatBytes(k.offHeapSize)} off-heap`;
}

/** `held by buggy.ts (module) → queue (598 of 605)`, in the program's terms, with how many of the culprit's objects it holds. */
export function holderLine(v: Pick<VariantResult, 'culprit'>): string | null {
  return v.culprit?.holder ? `held by ${holderWithShare(v.culprit)}` : null;
}

/** The holder with how many of the culprit's objects it holds: `… → registry[…] (598 of 605)`. */
function holderWithShare(k: NonNullable<VariantResult['culprit']>): string {
  const share = k.holderShare;
  const of = share ? (share.count === share.of ? ` (all ${formatCount(share.of)})` : ` (${formatCount(share.count)} of ${formatCount(share.of)})`) : '';
  return `${k.holder}${of}`;
}

/**
 * Why a clean run is clean, in the words of the first leak check it failed (verdict.ts
 * judgeFigures): a heap that rose in one step is not one that "changed less than the floor".
 */
function cleanStory(v: Pick<VariantResult, 'growth' | 'snapshotIterations'>, perIteration: string): [string, string] {
  const floor = formatBytes(floorOf(v));
  const below: [string, string] = ['Nothing grows', `the heap changed by ${perIteration} per iteration, less than the ${floor} per iteration a leak must reach over intervals this long.`];
  const at = v.snapshotIterations ?? [];
  if (!v.growth || at.length !== v.growth.totals.length) return below;
  const judged = judgeFigures(figuresOf({ ...v.growth, intervals: at.slice(1).map((n, i) => n - at[i]) }));
  switch (judged.unmet[0]) {
    case 'steady':
      return ['A step, not a leak', `the heap rose ${perIteration} per iteration on average, but in ${judged.grewIn.count} of ${judged.grewIn.of} intervals only, not interval after interval: memory filled once (a cache reaching its bound, a library's lazy start) and then stayed.`];
    case 'kept':
      return ['Nothing is kept', `the heap rose ${perIteration} per iteration, but what grew was not kept: objects that outlived an interval and long-lived containers grew less than half the ${floor} per iteration a leak must reach.`];
    default:
      return below;
  }
}

/** The floor per iteration the variant's run was judged by, from where its snapshots were taken. */
function floorOf(v: Pick<VariantResult, 'snapshotIterations'>): number {
  const at = v.snapshotIterations ?? [];
  return at.length > 1 ? floorFor((at.at(-1)! - at[0]) / (at.length - 1)) : NOISE_FLOOR;
}

/**
 * The OOM forecast of a leak verdict, one sentence for every renderer:
 * `forecast: at 275 B/request, the heap limit (4.05 GiB, 12.3 MiB in use) is about 15,792,720 requests away`.
 */
export function forecastLine(f: OomForecast, unit: string): string {
  if (f.iterationsToLimit === null) return `forecast: ${f.note ?? 'none'}`;
  return `forecast: at ${formatBytes(f.bytesPerIteration)}/${unit}, the heap limit (${formatBytes(f.heapLimit)}, ${formatBytes(f.heapUsed)} in use) is about ${formatCount(f.iterationsToLimit)} ${unit}s away`;
}

/**
 * What holds the heap near death (`--oom`), for every renderer: the path abridged (heap names
 * raw, the renderer escapes them) and, when steps through the module loader and runtime were
 * folded, a note saying how many.
 */
export function nearDeathHolder(path: Parameters<typeof abridgePath>[0]): { path: string; folded: string } {
  const { steps, skipped } = abridgePath(path);
  return { path: formatPath(steps), folded: skipped ? ` (${skipped} steps through the module loader and runtime folded after the first)` : '' };
}

/**
 * `--oom`'s check of the forecast (lab/forecast.ts, forecastDeath): `forecast from the first
 * 2,188 iterations (9 settled samples, 13.1 KiB/iteration): the heap at its 16.0 MiB cap at
 * ~1,240, reached at ~1,200 (forecast +3 %); death at ~4,592, once the room Node gives the
 * near-death snapshot is used up (64.0 MiB in all); died after 3,600 (forecast +28 %)`.
 */
export function deathForecastLine(f: DeathForecast): string {
  const died = `died after ${formatCount(f.actualIterations)}`;
  const off = (error: number | null): string => (error === null ? '' : ` (forecast ${error >= 0 ? '+' : ''}${Math.round(error * 100)} %)`);
  if (f.predictedIterations === null || f.atCap === null) return `forecast: ${f.note ?? 'none'}; ${died}`;
  const reached = f.capReachedAt === null ? ', not seen reached (no near-death snapshot)' : `, reached at ~${formatCount(f.capReachedAt)}${off(f.capError)}`;
  const death =
    f.capReachedAt !== null && f.heapSizeLimit !== null && f.predictedIterations !== f.atCap
      ? `death at ~${formatCount(f.predictedIterations)}, once the room Node gives the near-death snapshot is used up (${formatBytes(f.heapSizeLimit)} in all)`
      : `death there`;
  return `forecast from the first ${formatCount(f.fittedThrough)} iterations (${f.samples} settled samples, ${formatBytes(f.bytesPerIteration)}/iteration): the heap at its ${formatBytes(f.cap)} cap at ~${formatCount(f.atCap)}${reached}; ${death}; ${died}${off(f.error)}`;
}

/** `--oom`'s variants, buggy first. */
export function oomVariantsOf(result: OomResult): ['buggy' | 'fixed', OomVariantResult][] {
  return (['buggy', 'fixed'] as const).filter((v) => result.variants[v]).map((v) => [v, result.variants[v]!]);
}

/** `Case 2 · sliced-string · until it dies (cap: V8 heap 24 MiB)`. */
export function oomTitle(result: OomResult): string {
  const cap = result.variants.buggy.cap;
  return `Case ${result.case.id} · ${result.case.slug} · until it dies (cap: ${cap.kind === 'heap' ? `V8 heap ${cap.mb} MiB` : `${cap.mb} MiB resident`})`;
}

/** `--oom`'s side-by-side figures: a label, then one cell per variant. */
export function oomRows(result: OomResult): [string, ...string[]][] {
  const vs = oomVariantsOf(result).map(([, v]) => v);
  return [
    ['verdict', ...vs.map((v) => `${v.verdict.toUpperCase()} (expected ${v.expected})`)],
    ['iterations', ...vs.map((v) => formatCount(v.iterations))],
    ['time', ...vs.map((v) => `${v.seconds.toFixed(1)} s`)],
    ['peak heapUsed', ...vs.map((v) => formatBytes(v.peak.heapUsed))],
    ['peak external', ...vs.map((v) => formatBytes(v.peak.external))],
    ['peak resident', ...vs.map((v) => formatBytes(v.peak.rss))],
  ];
}

/** The line `--oom` ends with. */
export function oomOutcome(result: OomResult): string {
  return result.ok ? 'OK: the buggy variant died of its leak; the fixed one lived under the same cap.' : 'NOT OK: see above.';
}

/** The heading above the culprit's path: the path of one of its objects, through the holder. */
export const PATH_HEADING = 'path from the GC roots to one of them, through its holder';

/** The long-lived container that grew: `buggy.ts (module) → queue (Array) grew 128 B/iteration in every interval`. */
export function growsLine(v: Pick<VariantResult, 'culprit'>): string | null {
  const c = v.culprit?.grows;
  if (!c) return null;
  const grew = c.perInterval.filter((d) => d > 0).length;
  const when = grew === c.perInterval.length ? 'in every interval' : `in ${grew} of ${c.perInterval.length} intervals`;
  return `${c.holder || c.name} (${c.name}) grew ${formatBytes(c.perIteration)}/iteration ${when}`;
}

export function runRows(result: CaseResult): [string, string][] {
  return [
    ['Node.js', result.run.node],
    ['flags', result.run.flags.join(' ')],
    ['date', result.run.date],
    ['machine', `${platform()} ${release()} ${arch()}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${formatBytes(totalmem())} memory`],
    ['total time', `${result.run.seconds.toFixed(1)} s`],
  ];
}

export const DEVTOOLS_HOWTO =
  `Open a snapshot in Chrome DevTools: Memory tab → Load profile. Load s0 to s${INTERVALS}, select s${INTERVALS}, and use the Summary view ` +
  `filtered to "Objects allocated between s0 and s${INTERVALS - 1}" (or the Comparison view against s0); select an object to read its Retainers.`;
