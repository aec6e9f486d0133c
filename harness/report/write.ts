// Writes a case's reports and refreshes the index. Every file is written atomically (a
// temporary file in the same folder, then a rename): an interrupted run never leaves a
// half-written report, and the previous one survives a failed run.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CaseResult } from '../lab/result.ts';
import { reportDir } from './locations.ts';
import { escapeHtml as h, escapeMarkdown as m } from './escape.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';

export function writeFileAtomic(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes result.json, report.md and report.html for one run, then the index; returns the HTML path. */
export function writeCaseReports(reportsDir: string, result: CaseResult, caseDir?: string): { dir: string; html: string; markdown: string; json: string } {
  // A run of one variant (--variant) writes beside its snapshots, in <NN-slug>/<variant>/: the
  // side-by-side report of the last full run stays as it was.
  const only = Object.keys(result.variants);
  const dir = only.length === 1 ? join(reportDir(result.case, reportsDir), only[0]) : reportDir(result.case, reportsDir);
  mkdirSync(dir, { recursive: true });
  const readmePath = caseDir ? join(caseDir, 'README.md') : undefined;
  const readme = readmePath && existsSync(readmePath) ? relative(dir, readmePath) : undefined;
  const snapshots: Record<string, string> = {};
  for (const [name, v] of Object.entries(result.variants)) if (v?.snapshots) snapshots[name] = relative(dir, v.snapshots[0]);
  const links = { readme, snapshots };
  const files = { dir, json: join(dir, 'result.json'), markdown: join(dir, 'report.md'), html: join(dir, 'report.html') };
  // Render everything before replacing anything: a failure leaves the previous set whole.
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const markdown = renderMarkdown(result, links);
  const html = renderHtml(result, links);
  writeFileAtomic(files.json, json);
  writeFileAtomic(files.markdown, markdown);
  writeFileAtomic(files.html, html);
  writeIndex(reportsDir);
  return files;
}

interface IndexEntry {
  folder: string;
  result: CaseResult;
}

/**
 * A result.json the index can show: one bad file (`null`, an older version's, a foreign one)
 * must not break every later run.
 */
function isCaseResult(value: unknown): value is CaseResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<CaseResult>;
  const c = r.case as Partial<CaseResult['case']> | undefined;
  return (
    typeof c === 'object' && c !== null && typeof c.id === 'number' && typeof c.slug === 'string' && typeof c.title === 'string' &&
    typeof r.variants === 'object' && r.variants !== null && typeof r.ok === 'boolean'
  );
}

/** reports/index.html and index.md: every case's latest run, from the result.json files. */
export function writeIndex(reportsDir: string): void {
  const entries: IndexEntry[] = [];
  // A case's side-by-side run, and its runs of one variant (--variant) in <NN-slug>/<variant>/.
  const folders = (existsSync(reportsDir) ? readdirSync(reportsDir).sort() : []).flatMap((folder) => [folder, `${folder}/buggy`, `${folder}/fixed`]);
  for (const folder of folders) {
    const file = join(reportsDir, folder, 'result.json');
    if (!existsSync(file)) continue;
    try {
      const result: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (isCaseResult(result)) entries.push({ folder, result });
    } catch {
      // Unreadable: left out of the index, like one of the wrong shape.
    }
  }
  const verdict = (r: CaseResult, v: 'buggy' | 'fixed'): string => r.variants[v]?.verdict ?? '–';
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>oomlab reports</title>',
    '<style>body{font:17px/1.5 system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:28px}table{border-collapse:collapse;width:100%}',
    'th,td{border-bottom:1px solid #d9dee3;padding:6px 10px;text-align:left}th{background:#f4f6f8}.leak,.high-water{color:#c0392b;font-weight:700}',
    '.clean{color:#1e7d44;font-weight:700}.bad{color:#7d3c98;font-weight:700}</style></head><body><h1>oomlab reports</h1>',
    '<table><thead><tr><th>case</th><th>title</th><th>buggy</th><th>fixed</th><th>as expected</th><th>run</th></tr></thead><tbody>',
    ...entries.map(({ folder, result: r }) => {
      const cls = (v: string): string => (['leak', 'clean', 'high-water'].includes(v) ? v : 'bad');
      return (
        `<tr><td><a href="${h(`${folder}/report.html`)}">${h(String(r.case.id))} ${h(r.case.slug)}</a></td><td>${h(r.case.title)}</td>` +
        `<td class="${cls(verdict(r, 'buggy'))}">${h(verdict(r, 'buggy'))}</td><td class="${cls(verdict(r, 'fixed'))}">${h(verdict(r, 'fixed'))}</td>` +
        `<td>${r.ok ? 'yes' : '<strong>no</strong>'}</td><td>${h(r.run?.date ?? '')}</td></tr>`
      );
    }),
    '</tbody></table></body></html>\n',
  ].join('\n');
  const markdown = [
    '# oomlab reports',
    '',
    '| case | title | buggy | fixed | as expected | run |',
    '| --- | --- | --- | --- | --- | --- |',
    ...entries.map(
      ({ folder, result: r }) =>
        `| [${r.case.id} ${m(r.case.slug)}](${encodeURI(`${folder}/report.md`)}) | ${m(r.case.title)} | ${m(verdict(r, 'buggy'))} | ${m(verdict(r, 'fixed'))} | ${r.ok ? 'yes' : '**no**'} | ${m(r.run?.date ?? '')} |`,
    ),
    '',
  ].join('\n');
  mkdirSync(reportsDir, { recursive: true });
  writeFileAtomic(join(reportsDir, 'index.html'), html);
  writeFileAtomic(join(reportsDir, 'index.md'), markdown);
}
