// `case N --oom`'s report.md and report.html, in reports/<NN-slug>/oom/ beside result.json: the
// same model (model.ts) as the terminal's oomSummary, so the figures and the forecast's check
// read the same everywhere. Heap names and the child's output are escaped for each medium.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OomResult } from '../lab/oom.ts';
import { formatBytes, formatCount } from '../text.ts';
import { svgLineChart, textChart } from './chart.ts';
import { escapeHtml as h, escapeMarkdown as m } from './escape.ts';
import { STYLE } from './html.ts';
import { reportDir } from './locations.ts';
import { deathForecastLine, nearDeathHolder, oomOutcome, oomRows, oomTitle, oomVariantsOf, VARIANT_COLORS } from './model.ts';
import { writeFileAtomic } from './write.ts';

/** Largest classes near death shown in the reports. */
const NEAR_DEATH_CLASSES = 8;

function nearDeathPath(path: Parameters<typeof nearDeathHolder>[0]): string {
  const holder = nearDeathHolder(path);
  return `${holder.path}${holder.folded}`;
}

export function renderOomMarkdown(result: OomResult): string {
  const variants = oomVariantsOf(result);
  const out = [`# ${m(oomTitle(result))}`, '', `**${m(oomOutcome(result))}**`, ''];
  out.push(`| | ${variants.map(([name]) => name).join(' | ')} |`, `|${[0, ...variants].map(() => ' --- ').join('|')}|`);
  for (const row of oomRows(result)) out.push(`| ${row.map(m).join(' | ')} |`);
  out.push('');
  for (const [name, v] of variants) {
    out.push(`## ${name}`, '', m(v.message), '');
    if (v.forecast) out.push(`**${m(deathForecastLine(v.forecast))}**`, '');
    if (v.timeline.length) out.push('```', `resident memory: ${textChart(v.timeline.map((s) => s.rss))}`, '```', '');
    if (v.nearDeath) {
      out.push(`Near death${v.nearDeath.iteration !== null ? ` (iteration ${v.nearDeath.iteration})` : ''}: ${formatBytes(v.nearDeath.totalSelfSize)} in the heap snapshot. Largest classes by retained size:`, '');
      for (const k of v.nearDeath.classes.slice(0, NEAR_DEATH_CLASSES)) out.push(`- ${m(k.name)} (${m(k.type)}): ${formatCount(k.count)} objects, ${formatBytes(k.retainedSize)} retained`);
      out.push('', `What holds it: ${m(nearDeathPath(v.nearDeath.path))}`, '');
    }
  }
  out.push('## Run', '', `${m(result.run.node)}, ${m(result.run.date)}, ${result.run.seconds.toFixed(1)} s`, '');
  return out.join('\n');
}

export function renderOomHtml(result: OomResult): string {
  const variants = oomVariantsOf(result);
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`);
  out.push(`<title>${h(`${oomTitle(result)} — oomlab`)}</title><style>${STYLE}</style></head><body>`);
  out.push(`<header><h1>${h(oomTitle(result))}</h1><p class="ok">${h(oomOutcome(result))}</p></header>`);
  out.push(`<section><h2>Figures</h2><table><thead><tr><th></th>${variants.map(([name]) => `<th>${name}</th>`).join('')}</tr></thead><tbody>`);
  for (const [label, ...cells] of oomRows(result)) out.push(`<tr><th>${h(label)}</th>${cells.map((x) => `<td>${h(x)}</td>`).join('')}</tr>`);
  out.push('</tbody></table></section>');
  out.push(
    '<section><h2>Resident memory until death</h2><div class="charts">',
    svgLineChart({
      title: 'Resident set size (rss)',
      width: 1200,
      height: 260,
      markers: [],
      series: variants.map(([name, v]) => ({ label: name, color: VARIANT_COLORS[name], points: v.timeline.map((s) => ({ x: s.iteration, y: s.rss })) })),
    }),
    '</div></section>',
  );
  for (const [name, v] of variants) {
    out.push(`<section data-section="${name}"><h2>${name}</h2><p class="mono">${h(v.message)}</p>`);
    if (v.forecast) out.push(`<p class="forecast"><strong>${h(deathForecastLine(v.forecast))}</strong></p>`);
    if (v.nearDeath) {
      out.push(`<h3>Near death${v.nearDeath.iteration !== null ? ` (iteration ${v.nearDeath.iteration})` : ''}: ${h(formatBytes(v.nearDeath.totalSelfSize))} in the heap snapshot</h3>`);
      out.push('<table><thead><tr><th>class</th><th>type</th><th>objects</th><th>retained</th></tr></thead><tbody>');
      for (const k of v.nearDeath.classes.slice(0, NEAR_DEATH_CLASSES)) {
        out.push(`<tr><td class="mono">${h(k.name)}</td><td>${h(k.type)}</td><td class="num">${h(formatCount(k.count))}</td><td class="num">${h(formatBytes(k.retainedSize))}</td></tr>`);
      }
      out.push(`</tbody></table><p>What holds it: <span class="mono">${h(nearDeathPath(v.nearDeath.path))}</span></p>`);
    }
    out.push('</section>');
  }
  out.push(`<section><h2>Run</h2><p>${h(result.run.node)}, ${h(result.run.date)}, ${h(result.run.seconds.toFixed(1))} s</p></section></body></html>\n`);
  return out.join('\n');
}

/** Writes result.json, report.md and report.html of a run to death in reports/<NN-slug>/oom/; returns the files. */
export function writeOomReports(reportsDir: string, result: OomResult): { dir: string; json: string; markdown: string; html: string } {
  const dir = join(reportDir(result.case, reportsDir), 'oom');
  mkdirSync(dir, { recursive: true });
  const files = { dir, json: join(dir, 'result.json'), markdown: join(dir, 'report.md'), html: join(dir, 'report.html') };
  // Render everything before replacing anything, as write.ts does.
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const markdown = renderOomMarkdown(result);
  const html = renderOomHtml(result);
  writeFileAtomic(files.json, json);
  writeFileAtomic(files.markdown, markdown);
  writeFileAtomic(files.html, html);
  return files;
}
