// report.html: one self-contained page (inline CSS and SVG, no script, no network) that a
// trainer can put on a projector and an engineer can attach to a ticket.

import type { CaseResult } from '../lab/result.ts';
import { formatBytes } from '../text.ts';
import { svgLineChart } from './chart.ts';
import { escapeHtml as h } from './escape.ts';
import {
  CLASS_HEADERS,
  DEVTOOLS_HOWTO,
  MEASURES,
  VARIANT_COLORS,
  caseMeta,
  caseName,
  classRows,
  culpritLine,
  growsLine,
  holderLine, PATH_HEADING,
  figureRows,
  forecastLine,
  pathLinks,
  plainStory,
  runRows,
  variantsOf,
} from './model.ts';

export const STYLE = `
:root { color-scheme: light; --ink: #1d2125; --muted: #5c6670; --line: #d9dee3; --leak: #c0392b; --clean: #1e7d44; --hw: #b35c00; }
* { box-sizing: border-box; }
body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1320px; padding: 28px 32px 60px; }
h1 { font-size: 30px; margin: 0 0 4px; } h2 { font-size: 22px; margin: 36px 0 12px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 19px; margin: 22px 0 8px; }
.subtitle { font-size: 21px; margin: 0 0 6px; } .meta { color: var(--muted); margin: 0; }
.verdicts { display: flex; gap: 16px; margin: 20px 0 4px; flex-wrap: wrap; }
.verdict { flex: 1 1 300px; border: 3px solid var(--line); border-radius: 10px; padding: 12px 18px; }
.verdict .name { font-size: 15px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); }
.verdict .value { font-size: 34px; font-weight: 700; } .verdict .detail { color: var(--muted); }
.verdict.leak { border-color: var(--leak); } .verdict.leak .value { color: var(--leak); }
.verdict.high-water { border-color: var(--hw); } .verdict.high-water .value { color: var(--hw); }
.verdict.clean { border-color: var(--clean); } .verdict.clean .value { color: var(--clean); }
.verdict.failed { border-color: #7d3c98; } .verdict.failed .value { color: #7d3c98; }
.ok { font-weight: 600; } .charts { display: grid; grid-template-columns: 1fr; gap: 12px; }
table.metrics { width: auto; min-width: 320px; }
.chart { border: 1px solid var(--line); border-radius: 8px; background: #fff; width: 100%; height: auto; display: block; }
dl.story { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 12px 0 2px; font-size: 16px; }
dl.story dt { font-weight: 600; color: var(--muted); } dl.story dd { margin: 0; }
details.evidence summary { cursor: pointer; color: #1f5fbf; margin: 8px 0; }
.chart .grid { stroke: #eceff2; } .chart .marker { stroke: #7f8c8d; stroke-dasharray: 3 3; }
.chart-title { font-size: 14px; font-weight: 600; fill: var(--ink); } .tick, .legend, .marker-label { font-size: 12px; fill: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 15px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: #f4f6f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 14px; }
ol.path { list-style: none; padding: 0; margin: 6px 0 14px; }
ol.path li { display: flex; gap: 10px; align-items: baseline; padding: 3px 0; }
ol.path .edge { color: var(--muted); min-width: 230px; text-align: right; } ol.path .node { font-weight: 600; }
ol.path .type { color: var(--muted); font-size: 13px; }
.culprit { background: #fdf2f0; border-left: 5px solid var(--leak); padding: 10px 14px; border-radius: 4px; }
pre { background: #f4f6f8; padding: 10px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; font-size: 13px; }
ul.reasons { padding-left: 20px; } a { color: #1f5fbf; }
`;

export function renderHtml(result: CaseResult, links: { readme?: string; snapshots?: Record<string, string> } = {}): string {
  const c = result.case;
  const variants = variantsOf(result);
  const markers = (variants[0]?.[1].snapshotIterations ?? []).map((x, i) => ({ x, label: `S${i}` }));
  const charts = MEASURES.map((measure) =>
    svgLineChart({
      title: measure.title,
      width: 1200,
      height: 260,
      markers,
      series: variants.map(([name, v]) => ({
        label: name,
        color: VARIANT_COLORS[name],
        points: v.timeline.map((s) => ({ x: s.iteration, y: measure.value(s) })),
      })),
    }),
  );
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`);
  out.push(`<title>${h(`${caseName(c)} — oomlab`)}</title><style>${STYLE}</style></head><body>`);
  out.push(`<header><h1>${h(caseName(c))}</h1><p class="subtitle">${h(c.title)}</p>`);
  out.push(`<p class="meta">${h(caseMeta(c))}</p>`);
  out.push('<div class="verdicts">');
  for (const [name, v] of variants) {
    const kind = ['leak', 'clean', 'high-water'].includes(v.verdict) ? v.verdict : 'failed';
    out.push(
      `<div class="verdict ${kind}" data-variant="${name}"><div class="name">${name}</div><div class="value">${h(v.verdict.toUpperCase())}</div>` +
        `<div class="detail">expected ${h(v.expected)} · ${v.verdict === v.expected ? '<span class="ok">as expected</span>' : '<strong>not as expected</strong>'}</div>` +
        `<dl class="story">${plainStory(v, c.hint).map(([label, text]) => `<dt>${h(label)}</dt><dd>${h(text)}</dd>`).join('')}</dl></div>`,
    );
  }
  out.push('</div>');
  out.push(`<p class="ok">${result.ok ? 'OK: the verdicts are what the case expects.' : 'NOT OK: a verdict is not what the case expects.'}</p></header>`);

  out.push('<section><h2>Memory over iterations</h2><div class="charts">', ...charts, '</div>');
  out.push(`<p class="meta">Sampled after each settle (event loop drained, two full collections). Dashed lines: the snapshots S0 to S${Math.max(0, (variants[0]?.[1].snapshotIterations.length ?? 1) - 1)}.</p></section>`);

  for (const [name, v] of variants) {
    out.push(`<section data-section="${name}"><h2>${name}: ${h(v.verdict)}, the evidence</h2>`);
    if (v.error) {
      out.push(`<p><strong>${h(v.verdict)}:</strong> ${h(v.error.message)}</p>`);
      if (v.error.stack) out.push(`<pre>${h(v.error.stack)}</pre>`);
    }
    if (v.reasons.length) {
      out.push(`<details class="evidence"><summary>How the verdict was reached (the rules, with figures)</summary><ul class="reasons">${v.reasons.map((r) => `<li class="mono">${h(r)}</li>`).join('')}</ul></details>`);
    }
    const line = culpritLine(v);
    if (line) {
      out.push('<div class="culprit"><h3>Culprit, as Chrome DevTools names it</h3>');
      const holder = holderLine(v);
      const grows = growsLine(v);
      out.push(`<p><strong>${h(line)}</strong></p>`);
      if (holder) out.push(`<p class="mono">${h(holder)}</p>`);
      if (grows) out.push(`<p class="mono">${h(grows)}</p>`);
      out.push(`<p>${h(PATH_HEADING[0].toUpperCase() + PATH_HEADING.slice(1))}:</p><ol class="path">`);
      const links = pathLinks(v);
      const item = (link: (typeof links)[number]): string =>
        `<li><span class="edge mono">${link.edge ? `${h(link.edge)} →` : 'root'}</span><span class="node mono">${h(link.node)}</span><span class="type">${h(link.type)}</span></li>`;
      const folded = links.filter((link) => link.folded);
      links.forEach((link) => {
        if (link.folded) {
          if (link === folded[0]) out.push(`<li><details><summary>… ${folded.length} steps through Node's module loader and runtime</summary><ol class="path">${folded.map(item).join('')}</ol></details></li>`);
        } else out.push(item(link));
      });
      out.push('</ol></div>');
    }
    if (v.forecast) out.push(`<p class="forecast"><strong>${h(forecastLine(v.forecast, 'iteration'))}</strong></p>`);
    const classes = v.verdict === 'clean' ? [] : classRows(v);
    if (classes.length) {
      out.push('<h3>Top growing classes</h3><p class="meta">Objects allocated during the run that were kept past a whole interval and are still alive at the last snapshot, by class.</p>');
      out.push(`<table><thead><tr>${CLASS_HEADERS.map((x) => `<th>${h(x)}</th>`).join('')}</tr></thead><tbody>`);
      for (const row of classes) out.push(`<tr>${row.map((x, i) => `<td class="${i > 1 ? 'num' : 'mono'}">${h(x)}</td>`).join('')}</tr>`);
      out.push('</tbody></table>');
    }
    if (v.allocationSites?.length) {
      out.push('<h3>Allocation sites of the culprit</h3><table><thead><tr><th>function</th><th>where</th><th>objects</th><th>bytes</th></tr></thead><tbody>');
      for (const site of v.allocationSites) {
        out.push(`<tr><td class="mono">${h(site.functionName)}</td><td class="mono">${h(`${site.scriptName}:${site.line}:${site.column}`)}</td><td class="num">${h(site.count.toLocaleString('en-US'))}</td><td class="num">${h(formatBytes(site.selfSize))}</td></tr>`);
      }
      out.push('</tbody></table>');
    }
    const metrics = Object.entries(v.metrics);
    if (metrics.length) {
      out.push(`<h3>Metrics</h3><table class="metrics"><tbody>${metrics.map(([k, n]) => `<tr><th class="mono">${h(k)}</th><td class="num">${h(n.toLocaleString('en-US'))}</td></tr>`).join('')}</tbody></table>`);
    }
    if (v.stderr.trim()) out.push(`<h3>What the child printed on stderr</h3><pre>${h(v.stderr.trim())}</pre>`);
    if (links.snapshots?.[name]) out.push(`<p>Snapshots: <a href="${h(links.snapshots[name])}">${h(links.snapshots[name])}</a> (s0 to s${(v.snapshots?.length ?? 1) - 1}). ${h(DEVTOOLS_HOWTO)}</p>`);
    out.push('</section>');
  }

  out.push('<section><h2>Figures</h2><table><thead><tr><th></th>');
  for (const [name] of variants) out.push(`<th>${name}</th>`);
  out.push('</tr></thead><tbody>');
  for (const [label, ...cells] of figureRows(result)) out.push(`<tr><th>${h(label)}</th>${cells.map((x) => `<td>${h(x)}</td>`).join('')}</tr>`);
  out.push('</tbody></table></section>');

  out.push('<section><h2>Run</h2><table><tbody>');
  for (const [k, v] of runRows(result)) out.push(`<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`);
  out.push('</tbody></table>');
  if (links.readme) out.push(`<p>Teaching notes: <a href="${h(links.readme)}">the case's README</a>.</p>`);
  out.push('</section></body></html>\n');
  return out.join('\n');
}
