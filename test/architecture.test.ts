// The rooms of docs/ARCHITECTURE.md, held against the code's own imports: data flows one way
// (contract → run → heap → verdict → lab → report → entry points), with no cycle, the
// analyzer is entered through its one door, and only harness/run/ starts processes.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from './helpers/run-script.ts';

/** Rooms, lowest first, each with the rooms it may import (its own included). */
const ROOMS: { room: string; holds: (file: string) => boolean; mayImport: string[] }[] = [
  { room: 'base', holds: (f) => ['harness/contract.ts', 'harness/catalog.ts', 'harness/text.ts', 'harness/places.ts'].includes(f), mayImport: ['base'] },
  { room: 'heap', holds: (f) => f.startsWith('harness/heap/'), mayImport: ['heap'] },
  { room: 'run', holds: (f) => f.startsWith('harness/run/'), mayImport: ['run', 'base'] },
  { room: 'verdict', holds: (f) => f.startsWith('harness/verdict/'), mayImport: ['verdict', 'heap', 'run', 'base'] },
  { room: 'lab', holds: (f) => f.startsWith('harness/lab/'), mayImport: ['lab', 'verdict', 'heap', 'run', 'base'] },
  { room: 'report', holds: (f) => f.startsWith('harness/report/'), mayImport: ['report', 'lab', 'verdict', 'heap', 'run', 'base'] },
  {
    room: 'entry points',
    holds: (f) => f.startsWith('scripts/') || f.startsWith('bench/') || f === 'harness/api.ts',
    mayImport: ['entry points', 'report', 'lab', 'verdict', 'heap', 'run', 'base'],
  },
];

function roomOf(file: string): (typeof ROOMS)[number] {
  const room = ROOMS.find(({ holds }) => holds(file));
  if (!room) throw new Error(`${file} is in no room of docs/ARCHITECTURE.md`);
  return room;
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

  it('flows one way: every file imports only the rooms its own may import', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = roomOf(file);
      for (const target of targets) {
        // The catalogue command runs the leak-shape catalogue, which lives with the tests.
        if (!files.includes(target)) continue;
        const to = roomOf(target);
        if (!from.mayImport.includes(to.room)) wrong.push(`${file} → ${target} (${from.room} → ${to.room})`);
      }
    }
    expect(wrong).toEqual([]);
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
