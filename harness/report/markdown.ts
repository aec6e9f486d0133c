// report.md: the same content for a terminal or a code review.

import type { CaseResult } from '../lab/result.ts';
import { formatBytes } from '../text.ts';
import { textChart } from './chart.ts';
import { escapeMarkdown as m, escapeTerminal } from './escape.ts';
import { CLASS_HEADERS, DEVTOOLS_HOWTO, MEASURES, caseMeta, caseName, classRows, culpritLine, figureRows, forecastLine, growsLine, holderLine, PATH_HEADING, pathLinks, plainStory, runRows, variantsOf } from './model.ts';

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.map(m).join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(m).join(' | ')} |`)];
}

export function renderMarkdown(result: CaseResult, links: { readme?: string; snapshots?: Record<string, string> } = {}): string {
  const c = result.case;
  const variants = variantsOf(result);
  const out: string[] = [
    `# ${m(caseName(c))}: ${m(c.title)}`,
    '',
    m(caseMeta(c)),
    '',
    `**${variants.map(([name, v]) => `${name}: ${v.verdict.toUpperCase()}`).join(' · ')}** — ` +
      (result.ok ? 'OK: the verdicts are what the case expects.' : 'NOT OK: a verdict is not what the case expects.'),
    '',
    ...variants.flatMap(([name, v]) => [`**${name}: ${v.verdict.toUpperCase()}**`, '', ...plainStory(v, c.hint).map(([label, text]) => `- ${m(label)}: ${m(text)}`), '']),
    '## Figures',
    '',
    ...table(['', ...variants.map(([name]) => name)], figureRows(result)),
    '',
    '## Memory over iterations',
    '',
    'Sampled after each settle; snapshots at the iterations listed above.',
    '',
    '```',
  ];
  for (const measure of MEASURES) {
    out.push(measure.title);
    for (const [name, v] of variants) out.push(`  ${name.padEnd(6)} ${textChart(v.timeline.map(measure.value))}`);
  }
  out.push('```', '');
  for (const [name, v] of variants) {
    out.push(`## ${name}: ${v.verdict}, the evidence`, '');
    if (v.error) out.push(`**${m(v.verdict)}:** ${m(v.error.message)}`, '');
    for (const reason of v.reasons) out.push(`- ${m(reason)}`);
    if (v.reasons.length) out.push('');
    const line = culpritLine(v);
    if (line) {
      out.push(`**Culprit, as Chrome DevTools names it:** ${m(line)}`, '');
      const holder = holderLine(v);
      const grows = growsLine(v);
      if (holder) out.push(`- ${m(holder)}`);
      if (grows) out.push(`- ${m(grows)}`);
      if (holder || grows) out.push('');
      out.push(`${PATH_HEADING[0].toUpperCase() + PATH_HEADING.slice(1)}:`, '');
      const links = pathLinks(v);
      const folded = links.filter((link) => link.folded).length;
      for (const link of links) {
        if (link.folded) continue;
        out.push(`1. ${link.edge ? `${m(link.edge)} → ` : ''}**${m(link.node)}** (${m(link.type)})`);
        if (folded && link === links[0]) out.push(`1. … ${folded} steps through Node's module loader and runtime (all of them in result.json)`);
      }
      out.push('');
    }
    if (v.forecast) out.push(`**${m(forecastLine(v.forecast, 'iteration'))}**`, '');
    const classes = v.verdict === 'clean' ? [] : classRows(v);
    if (classes.length) out.push('Top growing classes (allocated during the run, kept past an interval, alive at the end):', '', ...table(CLASS_HEADERS, classes), '');
    if (v.allocationSites?.length) {
      out.push('Allocation sites of the culprit:', '', ...table(['function', 'where', 'objects', 'bytes'], v.allocationSites.map((s) => [s.functionName, `${s.scriptName}:${s.line}:${s.column}`, s.count.toLocaleString('en-US'), formatBytes(s.selfSize)])), '');
    }
    const metrics = Object.entries(v.metrics);
    if (metrics.length) out.push(`Metrics: ${metrics.map(([k, n]) => `${m(k)} = ${n.toLocaleString('en-US')}`).join(', ')}`, '');
    if (v.stderr.trim()) out.push('What the child printed on stderr:', '', ...v.stderr.trim().split('\n').slice(-20).map((l) => `    ${escapeTerminal(l, 1000)}`), '');
    if (links.snapshots?.[name]) out.push(`Snapshots: \`${m(links.snapshots[name])}\` (s0 to s${(v.snapshots?.length ?? 1) - 1}). ${m(DEVTOOLS_HOWTO)}`, '');
  }
  out.push('## Run', '', ...table(['', ''], runRows(result)), '');
  if (links.readme) out.push(`Teaching notes: [the case's README](${encodeURI(links.readme)})`, '');
  return out.join('\n');
}
