// The rooms of docs/ARCHITECTURE.md, held against the code's own imports: data flows one way
// (contract → run → heap → verdict → lab → report → command lines), with no cycle, the
// analyzer is entered through its one door, and only harness/run/ starts processes.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from './helpers/run-script.ts';

/** Rooms, lowest first: a file may import its own room and the rooms below it. */
const ROOMS: [room: string, test: (file: string) => boolean][] = [
  ['base', (f) => ['harness/contract.ts', 'harness/catalog.ts', 'harness/text.ts'].includes(f)],
  ['heap', (f) => f.startsWith('harness/heap/')],
  ['run', (f) => f.startsWith('harness/run/')],
  ['verdict', (f) => f.startsWith('harness/verdict/')],
  ['lab', (f) => f.startsWith('harness/lab/')],
  ['report', (f) => f.startsWith('harness/report/')],
  ['command lines', (f) => f.startsWith('scripts/') || f.startsWith('bench/') || f === 'harness/cli.ts'],
];

function roomOf(file: string): number {
  const index = ROOMS.findIndex(([, test]) => test(file));
  if (index < 0) throw new Error(`${file} is in no room of docs/ARCHITECTURE.md`);
  return index;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(projectRoot, dir))) {
    const path = join(dir, name);
    if (name.startsWith('.') || name === 'node_modules') continue;
    if (statSync(join(projectRoot, path)).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts)$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?(?:from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(join(projectRoot, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

const files = ['harness', 'scripts', 'bench'].flatMap(sources);
const graph = new Map<string, string[]>();
const external = new Map<string, string[]>();
for (const file of files) {
  const specifiers = importsOf(file);
  graph.set(
    file,
    specifiers.filter((s) => s.startsWith('.')).map((s) => relative(projectRoot, resolve(projectRoot, dirname(file), s))),
  );
  external.set(file, specifiers.filter((s) => !s.startsWith('.')));
}

describe('the architecture', () => {
  it('reads a sensible number of files and imports', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(graph.get('harness/lab/run-case.ts')).toEqual(expect.arrayContaining(['harness/verdict/growth.ts']));
  });

  it('has no import cycle among harness/, scripts/ and bench/', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('flows one way: every import goes to its own room or a lower one', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        if (!files.includes(target)) continue; // tests' fixtures and the catalogue, read by the catalogue script
        if (roomOf(target) > roomOf(file)) upward.push(`${file} → ${target} (${ROOMS[roomOf(file)][0]} → ${ROOMS[roomOf(target)][0]})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps the analyzer on its own: heap/ imports nothing of the lab, and the lab enters it through heap/index.ts', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const inHeap = file.startsWith('harness/heap/');
      for (const target of targets) {
        if (inHeap && !target.startsWith('harness/heap/')) wrong.push(`${file} → ${target}`);
        if (!inHeap && target.startsWith('harness/heap/') && target !== 'harness/heap/index.ts') wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('starts processes only in harness/run/', () => {
    const spawners = [...external].filter(([, specifiers]) => specifiers.includes('node:child_process')).map(([file]) => file);
    expect(spawners.length).toBeGreaterThan(0);
    expect(spawners.filter((file) => !file.startsWith('harness/run/'))).toEqual([]);
  });
});
