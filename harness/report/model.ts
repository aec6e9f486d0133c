// What a case report shows, independent of the format: the HTML and Markdown renderers both
// read this, so they cannot drift apart. Heap strings stay raw here; renderers escape them.

import { arch, cpus, platform, release, totalmem } from 'node:os';
import type { CaseResult, VariantName, VariantResult } from '../lab.ts';
import type { Sample } from '../run/protocol.ts';
import { abridgePath, formatEdge } from '../heap/paths.ts';
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

export function variantsOf(result: CaseResult): [VariantName, VariantResult][] {
  return (['buggy', 'fixed'] as const).filter((v) => result.variants[v]).map((v) => [v, result.variants[v]!]);
}

/** The side-by-side figures: a label, then one cell per variant. */
export function figureRows(result: CaseResult): [string, ...string[]][] {
  const cell = (f: (v: VariantResult) => string): string[] => variantsOf(result).map(([, v]) => f(v));
  const g = (f: (v: NonNullable<VariantResult['growth']>) => string) => (v: VariantResult): string => (v.growth ? f(v.growth) : '–');
  return [
    ['verdict', ...cell((v) => `${v.verdict.toUpperCase()} (expected ${v.expected}), ${v.verdict === v.expected ? 'as expected' : 'NOT as expected'}`)],
    ['bytes per iteration', ...cell((v) => (v.bytesPerIteration === null ? '–' : formatBytes(v.bytesPerIteration)))],
    ['growth, interval 1 / 2', ...cell(g((x) => x.perIteration.map((n) => `${formatBytes(n)}/it`).join(' / ')))],
    ['outlived an interval', ...cell(g((x) => `${formatBytes(x.persistentPerIteration)}/it`))],
    ['timeline slope', ...cell(g((x) => `${formatBytes(x.timelineSlope)}/it`))],
    ['program heap at S0 → S2', ...cell(g((x) => `${formatBytes(x.totals[0])} → ${formatBytes(x.totals[2])}`))],
    ['survivors (new since S0, alive at S2)', ...cell(g((x) => `${formatCount(x.survivors.count)} objects, ${formatBytes(x.survivors.bytes)}`))],
    ['iterations', ...cell((v) => `${v.iterations} × 2 (snapshots at ${v.snapshotIterations.join(', ') || '–'})`)],
    ['run time', ...cell((v) => `${v.seconds.toFixed(1)} s`)],
  ];
}

export const CLASS_HEADERS = ['class', 'type', 'outlived an interval', 'their bytes', 'alive at S2', 'shallow', 'retained', 'off-heap'];

export function classRows(v: VariantResult): string[][] {
  return v.topClasses.map((k) => [
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
  /** Links of the runtime's own the abridged view folds away (after the first one). */
  folded: boolean;
}

/**
 * The culprit's retainer path as links of a chain: the edge that leads to each node. The
 * steps between the root and the last variable a developer would recognise are marked folded.
 */
export function pathLinks(v: VariantResult): PathLink[] {
  const path = v.culprit?.path ?? [];
  const { skipped } = abridgePath(path);
  return path.map((step, i) => ({
    edge: step.edge ? formatEdge(step.edge) : null,
    node: step.node.name,
    type: step.node.type,
    folded: i >= 1 && i <= skipped,
  }));
}

export function culpritLine(v: VariantResult): string | null {
  const k = v.culprit;
  if (!k) return null;
  return `${k.type} / ${k.name}: ${formatCount(k.count)} objects, ${formatBytes(k.selfSize)} shallow, ${formatBytes(k.retainedSize)} retained, ${formatBytes(k.offHeapSize)} off-heap`;
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
  'Open a snapshot in Chrome DevTools: Memory tab → Load profile. Load s0, s1 and s2, select s2, and use the Summary view ' +
  'filtered to "Objects allocated between s0 and s1" (or the Comparison view against s1); select an object to read its Retainers.';
