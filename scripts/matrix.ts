// npm run matrix [-- --versions 22,24,26] [--cases 1,2,...] [--no-catalogue] [--json]
//
// The lab's cases and the leak-shape catalogue on several Node majors: this machine's own
// node, and each other major installed from the npm registry's `node` package into
// .matrix/node-<major>/ (git-ignored, kept between runs). Each case and the catalogue run as a
// child of THAT node (`<node> --import tsx scripts/case.ts <n> --json --no-report`); the harness
// forks its measured children with process.execPath, so the whole run is on that version.
// One at a time: the timings are part of what is judged.

import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listCases } from '../harness/catalog.ts';
import type { CaseResult, VariantName, VariantResult } from '../harness/lab/result.ts';
import { escapeTerminal } from '../harness/report/escape.ts';
import { runChild, type ChildOutcome } from '../harness/run/child-runner.ts';
import { table } from '../harness/text.ts';
import type { ShapeOutcome } from '../test/leak-shapes/judge.ts';
import { parseCommandLine, printJson, runCli, UsageError } from './cli.ts';

const USAGE = 'usage: npm run matrix [-- --versions 22,24,26] [--cases 1,2,...] [--no-catalogue] [--json]';

const HELP = `${USAGE}

Runs every case (and the leak-shape catalogue) on this machine's node and on each Node
major listed, one run at a time, and prints one table: a row per case, a column per version.

  --versions A,B     Node majors besides this one (default 22,24,26); each is installed
                     once from the npm package node@<major> into .matrix/node-<major>/
  --cases 1,2,...    only these cases (numbers or slugs; default all)
  --no-catalogue     skip the leak-shape catalogue (it is the longest part)
  --json             print { versions, cells } and nothing else on stdout
Exit code: 0 when every cell is ok, 1 when not, 2 for usage errors.`;

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(ROOT, '.matrix');
const DEFAULT_VERSIONS = [22, 24, 26];
const OWN_MAJOR = Number(process.versions.node.split('.')[0]);

/** A case runs two variants of a few dozen iterations each: minutes at most. */
const CASE_LIMIT_MS = 5 * 60 * 1000;
/** The catalogue runs ~20 shapes, each a case of its own. */
const CATALOGUE_LIMIT_MS = 15 * 60 * 1000;
/** npm fetching node@<major> (the package pulls the platform's binary, ~50 MB). */
const INSTALL_LIMIT_MS = 10 * 60 * 1000;
/** A case's JSON carries its variants' output and timelines: more than runChild keeps by default. */
const JSON_TAIL = 64 * 1024 * 1024;

interface Version {
  major: number;
  /** The column's name: `22`, or `20 (this)` for the node running the matrix. */
  label: string;
  /** The binary, when available. */
  node: string | null;
  /** `v22.23.3`, when available. */
  version: string | null;
  /** Why there is no binary. */
  unavailable?: string;
}

interface Cell {
  ok: boolean;
  /** What the table shows. */
  text: string;
  /** One line of details for a cell that is not ok (empty when ok). */
  details: string;
  seconds: number;
  /** Cases: what each variant was judged and expected, and the buggy variant's culprit. */
  verdicts?: Partial<Record<VariantName, { verdict: string; expected: string }>>;
  culprit?: { type: string; name: string; holder: string } | null;
  declared?: { type: string; name: string };
  culpritMatches?: boolean;
  /** The catalogue: entries judged right, of how many, and the wrong ones with their first problem. */
  right?: number;
  total?: number;
  wrong?: { slug: string; problem: string }[];
}

interface Row {
  key: string;
  label: string;
  run: (node: string) => Promise<Cell>;
}

await runCli('matrix', USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    versions: { type: 'string' },
    cases: { type: 'string' },
    'no-catalogue': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected '${positionals[0]}': versions go after --versions, cases after --cases`);
  const majors = parseVersions(values.versions);
  const cases = parseCases(values.cases);
  const json = Boolean(values.json);
  // Progress goes to stderr under --json, so that stdout is the one document.
  const say = (line: string): void => void (json ? process.stderr : process.stdout).write(`${line}\n`);
  const started = performance.now();

  const versions: Version[] = [
    { major: OWN_MAJOR, label: `${OWN_MAJOR} (this)`, node: process.execPath, version: process.version },
    ...majors.filter((m) => m !== OWN_MAJOR).map((major) => ({ major, label: String(major), node: null, version: null })),
  ];
  for (const version of versions.slice(1)) await install(version, say);

  const rows: Row[] = cases.map((c) => ({ key: String(c.id), label: `${c.id} ${c.slug}`, run: (node) => runCaseOn(node, c.id) }));
  if (!values['no-catalogue']) rows.push({ key: 'catalogue', label: 'catalogue', run: runCatalogueOn });

  // By row (a case's number, or 'catalogue'), then by Node major.
  const cells: Record<string, Record<number, Cell>> = {};
  for (const row of rows) cells[row.key] = {};
  for (const version of versions) {
    for (const row of rows) {
      if (!version.node) {
        cells[row.key][version.major] = { ok: false, text: 'unavailable', details: version.unavailable ?? 'no binary', seconds: 0 };
        continue;
      }
      process.stderr.write(`node ${version.label}: ${row.label} …\n`);
      const cell = await row.run(version.node);
      cells[row.key][version.major] = cell;
      process.stderr.write(`node ${version.label}: ${row.label}: ${escapeTerminal(cell.text, 200)} (${cell.seconds.toFixed(0)} s)\n`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const allOk = rows.every((row) => versions.every((v) => cells[row.key][v.major].ok));

  if (json) {
    await printJson({ versions, rows: rows.map(({ key, label }) => ({ key, label })), cells, seconds, ok: allOk });
    return allOk ? 0 : 1;
  }
  const header = ['', ...versions.map((v) => v.label)];
  const body = rows.map((row) => [row.label, ...versions.map((v) => escapeTerminal(cells[row.key][v.major].text, 80))]);
  const lines = [
    '',
    table(header, body),
    '',
    `Node: ${versions.map((v) => `${v.label} = ${v.version ?? 'unavailable'}`).join(', ')}`,
    `Total time: ${formatDuration(seconds)}`,
  ];
  const notOk = rows.flatMap((row) => versions.filter((v) => !cells[row.key][v.major].ok).map((v) => ({ row, v, cell: cells[row.key][v.major] })));
  if (notOk.length) {
    lines.push('', 'Not ok:');
    for (const { row, v, cell } of notOk) lines.push(`  ${row.label} on ${v.label}: ${escapeTerminal(cell.details, 600)}`);
  }
  lines.push('', allOk ? 'OK: every cell is ok.' : `NOT OK: ${notOk.length} cell(s) are not ok.`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return allOk ? 0 : 1;
});

function parseVersions(value: string | boolean | undefined): number[] {
  if (value === undefined) return DEFAULT_VERSIONS;
  if (typeof value !== 'string' || !value.trim()) throw new UsageError('--versions takes Node majors separated by commas, such as 22,24,26');
  const majors = value.split(',').map((part) => part.trim());
  const bad = majors.find((m) => !/^\d{1,3}$/.test(m) || Number(m) < 1);
  if (bad !== undefined) throw new UsageError(`--versions takes Node majors such as 22,24,26, not '${bad}'`);
  return [...new Set(majors.map(Number))];
}

function parseCases(value: string | boolean | undefined): { id: number; slug: string }[] {
  const all = listCases();
  if (value === undefined) return all;
  if (typeof value !== 'string' || !value.trim()) throw new UsageError('--cases takes case numbers or slugs separated by commas, such as 1,2,6');
  const chosen = value.split(',').map((part) => {
    const ref = part.trim();
    const found = /^\d+$/.test(ref) ? all.find((c) => c.id === Number(ref)) : all.find((c) => c.slug === ref);
    if (!found) throw new UsageError(`no case '${ref}'. Cases: ${all.map((c) => `${c.id} ${c.slug}`).join(', ') || '(none)'}`);
    return found;
  });
  return [...new Set(chosen)].sort((a, b) => a.id - b.id);
}

/** Makes `.matrix/node-<major>/node_modules/node/bin/node` exist (npm's `node` package), and asks it its version. */
async function install(version: Version, say: (line: string) => void): Promise<void> {
  const prefix = join(CACHE, `node-${version.major}`);
  const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');
  const shown = relative(ROOT, prefix);
  if (!existsSync(binary)) {
    const outcome = await runChild({
      start: { spawn: 'npm' },
      args: ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node@${version.major}`],
      cwd: ROOT,
      timeLimitMs: INSTALL_LIMIT_MS,
    });
    if (outcome.code !== 0 || !existsSync(binary)) {
      version.unavailable = `npm install node@${version.major} ${failure(outcome, 'did not give node_modules/node/bin/node', true)}`;
      say(`node@${version.major}: install into ${shown}/ failed: ${escapeTerminal(version.unavailable, 300)}`);
      return;
    }
    say(`node@${version.major}: installed into ${shown}/ (${outcome.seconds.toFixed(0)} s)`);
  } else {
    say(`node@${version.major}: cached in ${shown}/`);
  }
  const check = await runChild({ start: { spawn: binary }, args: ['--version'], timeLimitMs: 30_000 });
  const reported = check.stdout.trim();
  if (check.code !== 0 || !/^v\d+\./.test(reported)) {
    version.unavailable = `${relative(ROOT, binary)} --version ${failure(check, `printed '${reported.slice(0, 80)}'`)}`;
    say(`node@${version.major}: ${escapeTerminal(version.unavailable, 300)}`);
    return;
  }
  if (Number(reported.slice(1).split('.')[0]) !== version.major) {
    version.unavailable = `${relative(ROOT, binary)} is ${reported}, not ${version.major}.x`;
    say(`node@${version.major}: ${escapeTerminal(version.unavailable, 300)}`);
    return;
  }
  version.node = binary;
  version.version = reported;
}

/**
 * How a child failed, in a few words: "timed out after 300 s", "exited with code 1: <a line of
 * stderr>" (its last telling line, or its first for npm, which says what went wrong first).
 */
function failure(outcome: ChildOutcome, otherwise: string, firstOfStderr = false): string {
  if (outcome.spawnError) return `could not start: ${outcome.spawnError.message.split('\n')[0]}`;
  if (outcome.timedOut) return `timed out after ${outcome.seconds.toFixed(0)} s`;
  const last = firstOfStderr ? (tellingLines(outcome.stderr)[0] ?? '') : lastLine(outcome.stderr);
  if (outcome.signal) return `was killed by ${outcome.signal}${last ? `: ${last}` : ''}`;
  if (outcome.code !== 0) return `exited with code ${outcome.code}${last ? `: ${last}` : ''}`;
  return otherwise;
}

/** The lines of stderr worth reading: npm's and Node's warnings left out when there is anything else. */
function tellingLines(stderr: string): string[] {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const noise = /^npm (warn|notice)|^npm error (code |A complete log)|^\(node:\d+\) \w*Warning|^\(Use `node --trace/;
  const telling = lines.filter((l) => !noise.test(l));
  return telling.length ? telling : lines;
}

function lastLine(stderr: string): string {
  return tellingLines(stderr).pop() ?? '';
}

/** The JSON document a command printed: stdout from its first line that opens an object. */
function parseDocument<T>(stdout: string): T | null {
  const start = stdout.startsWith('{') ? 0 : stdout.indexOf('\n{') + 1;
  if (stdout[start] !== '{') return null;
  try {
    return JSON.parse(stdout.slice(start)) as T;
  } catch {
    return null;
  }
}

/** A cell for a run that gave no document: `error: <first line>`. */
function errorCell(outcome: ChildOutcome, what: string): Cell {
  const why = outcome.timedOut || outcome.spawnError || outcome.signal
    ? failure(outcome, '')
    : tellingLines(outcome.stderr)[0] ?? `exited with code ${outcome.code} without a JSON document`;
  const last = lastLine(outcome.stderr);
  const ends = last && last !== why ? ` (stderr ends: ${last})` : '';
  return { ok: false, text: `error: ${why}`, details: `${what}: ${why}${ends}`, seconds: outcome.seconds };
}

async function runCaseOn(node: string, id: number): Promise<Cell> {
  const outcome = await runChild({
    start: { spawn: node },
    args: ['--import', 'tsx', join(ROOT, 'scripts', 'case.ts'), String(id), '--json', '--no-report'],
    cwd: ROOT,
    timeLimitMs: CASE_LIMIT_MS,
    outputTail: JSON_TAIL,
  });
  const result = outcome.timedOut ? null : parseDocument<CaseResult>(outcome.stdout);
  if (!result?.variants || !result.case) return errorCell(outcome, `case ${id}`);
  return caseCell(result, outcome.seconds);
}

function caseCell(result: CaseResult, seconds: number): Cell {
  const names = (['buggy', 'fixed'] as const).filter((v) => result.variants[v]);
  const verdicts: Cell['verdicts'] = {};
  for (const v of names) verdicts[v] = { verdict: result.variants[v]!.verdict, expected: result.variants[v]!.expected };
  const found = result.variants.buggy?.culprit;
  const culprit = found ? { type: found.type, name: found.name, holder: found.holder } : null;
  const declared = result.case.culprit;
  const base = { seconds, verdicts, culprit, declared, ...(result.culpritMatches !== undefined ? { culpritMatches: result.culpritMatches } : {}) };
  if (result.ok && result.culpritMatches !== false) return { ok: true, text: 'ok', details: '', ...base };

  const off = names.filter((v) => result.variants[v]!.verdict !== result.variants[v]!.expected);
  const parts = off.map((v) => `${v} ${result.variants[v]!.verdict} (expected ${result.variants[v]!.expected})`);
  if (result.culpritMatches === false && culprit) {
    parts.push(
      culprit.type !== declared.type
        ? `culprit (${culprit.type}) ≠ declared (${declared.type})`
        : `culprit ${culprit.name} ≠ declared ${declared.name}`,
    );
  }
  const text = parts.join('; ') || 'not ok';

  const reasonOf = (v: VariantResult): string => v.error?.message.split('\n')[0] ?? v.reasons[0] ?? '(no reason given)';
  const detail = [
    names.map((v) => `${v} ${result.variants[v]!.verdict} (expected ${result.variants[v]!.expected})`).join(', '),
    culprit
      ? `culprit ${culprit.type} / ${culprit.name}, held by ${culprit.holder || '?'}; declared ${declared.type} / ${declared.name}`
      : `no culprit; declared ${declared.type} / ${declared.name}`,
    ...(off.length ? off : (['buggy'] as const).filter((v) => result.variants[v])).map((v) => `${v}'s first reason: ${reasonOf(result.variants[v]!)}`),
  ];
  return { ok: false, text, details: detail.join('; '), ...base };
}

async function runCatalogueOn(node: string): Promise<Cell> {
  const outcome = await runChild({
    start: { spawn: node },
    args: ['--import', 'tsx', join(ROOT, 'scripts', 'catalogue.ts'), '--catalogue', 'shapes', '--json'],
    cwd: ROOT,
    timeLimitMs: CATALOGUE_LIMIT_MS,
    outputTail: JSON_TAIL,
  });
  const document = outcome.timedOut ? null : parseDocument<{ runs: ShapeOutcome[][] }>(outcome.stdout);
  const outcomes = document?.runs?.[0];
  if (!Array.isArray(outcomes)) return errorCell(outcome, 'the catalogue');
  const wrong = outcomes.filter((o) => o.problems.length).map((o) => ({ slug: o.slug, problem: o.problems[0] }));
  const right = outcomes.length - wrong.length;
  const text = wrong.length
    ? `${right}/${outcomes.length} right: ${wrong.map((w) => w.slug).join(', ')} wrong`
    : `${right}/${outcomes.length} right`;
  const details = wrong.map((w) => `${w.slug}: ${w.problem}`).join('; ');
  return { ok: wrong.length === 0 && outcomes.length > 0, text, details, seconds: outcome.seconds, right, total: outcomes.length, wrong };
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
