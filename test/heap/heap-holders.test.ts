// Who holds the heap in one snapshot (heap/holders.ts), on a graph built by hand whose
// answers we know: the program's names, never the stack of what was running when the program
// has a path; through wrappers to what holds the bytes; holders that never overlap.
import { describe, expect, it } from 'vitest';
import { HeapAnalysis, heapHolders, parseHeapSnapshot } from '../../harness/heap/index.ts';
import { tinySnapshot, type TinyEdge, type TinyNode } from '../helpers/tiny-snapshot.ts';

const nodes: TinyNode[] = [
  { name: '', type: 'synthetic', size: 0 }, // 0: the root
  { name: '(GC roots)', type: 'synthetic', size: 0 }, // 1
  { name: '(Stack roots)', type: 'synthetic', size: 0 }, // 2
  { name: 'global', size: 10 }, // 3
  { name: 'system / Context', size: 10 }, // 4: report-cache.mjs's module scope
  { name: 'system / NativeContext', type: 'hidden', size: 10 }, // 5
  { name: 'handle', type: 'closure', size: 10 }, // 6: a function of the module
  { name: '', type: 'code', size: 10 }, // 7: its SharedFunctionInfo
  { name: 'file:///srv/report-cache.mjs', type: 'code', size: 10 }, // 8: its Script
  { name: 'ReportCache', size: 10 }, // 9: `reports`, also on the stack of the running render()
  { name: 'Map', size: 20 }, // 10: reports.rendered
  { name: '(array)', type: 'array', size: 0 }, // 11: the Map's table
  { name: 'a rendered report', type: 'string', size: 3000 }, // 12
  { name: 'another rendered report', type: 'string', size: 3000 }, // 13
  { name: 'Object', size: 10 }, // 14: global.settings, a wrapper
  { name: 'Set', size: 10 }, // 15: global.settings.seen, 99 % of the wrapper
  { name: 'a seen key', type: 'string', size: 1000 }, // 16
  { name: 'Lonely', size: 300 }, // 17: held by the stack alone
  { name: 'Config', size: 5 }, // 18: global.config, below 1 %
];
const edges: TinyEdge[] = [
  { from: 0, to: 3, type: 'shortcut', name: 'global' },
  { from: 0, to: 1, type: 'element', name: 1 },
  { from: 1, to: 2, type: 'element', name: 7 },
  { from: 2, to: 10, type: 'element', name: 18 },
  { from: 2, to: 9, type: 'element', name: 21 },
  { from: 2, to: 17, type: 'element', name: 22 },
  { from: 3, to: 6, name: 'handle' },
  { from: 6, to: 4, type: 'internal', name: 'context' },
  { from: 6, to: 7, type: 'internal', name: 'shared' },
  { from: 7, to: 8, type: 'internal', name: 'script_or_debug_info' },
  { from: 4, to: 5, type: 'internal', name: 'previous' },
  { from: 4, to: 9, type: 'context', name: 'reports' },
  { from: 9, to: 10, name: 'rendered' },
  { from: 10, to: 11, type: 'internal', name: 'table' },
  { from: 11, to: 12, type: 'internal', name: '4' },
  { from: 11, to: 13, type: 'internal', name: '5' },
  { from: 3, to: 14, name: 'settings' },
  { from: 14, to: 15, name: 'seen' },
  { from: 15, to: 16, type: 'internal', name: '2' },
  { from: 3, to: 18, name: 'config' },
];

describe('heapHolders: who holds the heap, in the program’s terms', () => {
  const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
  const analysis = new HeapAnalysis(snap);
  const holders = heapHolders(analysis);
  const total = analysis.dominators.retainedSize[snap.rootOrdinal];

  it('lists the disjoint holders, largest first, each with its retained size and share', () => {
    expect(total).toBe(7415);
    expect(holders.map((h) => [h.className, h.retainedSize])).toEqual([
      // The Map and its table and strings. The stack holds it too, so it is the root's child
      // in the dominator tree; its name comes from the program's path all the same.
      ['Map', 6020],
      // Through the wrapper `settings` (10 of 1020 bytes) to the Set that holds the rest.
      ['Set', 1010],
      // The stack alone holds it.
      ['Lonely', 300],
    ]);
    expect(holders[0].share).toBeCloseTo(6020 / 7415, 10);
  });

  it('names each by its path from the program: a module variable’s property; a global’s property chain; the stack only when nothing else holds it', () => {
    expect(holders.map((h) => h.holder)).toEqual([
      'report-cache.mjs (module) → reports.rendered',
      'globalThis.settings.seen',
      '(Stack roots) → Lonely: a local variable of the code that was running',
    ]);
  });

  it('leaves out what holds less than the share asked for, and what is not the program’s data (globals, scopes, the engine’s stores)', () => {
    // global.config (5 bytes) is below 1 %; global, the module's Context, the ReportCache
    // (which does not dominate its Map), the table and the strings are not holders.
    expect(holders.map((h) => h.id)).not.toContain(snap.id(18));
    expect(heapHolders(analysis, { minShare: 0 }).map((h) => h.className)).toContain('Config');
    expect(heapHolders(analysis, { minShare: 0.5 }).map((h) => h.className)).toEqual(['Map']);
    expect(heapHolders(analysis, { limit: 1 })).toHaveLength(1);
  });
});

describe('heapHolders near death, while a Map grows', () => {
  // The snapshot V8 writes at the heap limit often lands in a Map's rehash: the old table is
  // held by the Map and by a handle of the code copying it, so that the Map dominates nothing;
  // the table (an engine store, not the program's data) dominates the entries. (Both held
  // from the engine's roots here, as a module's Map is: a global's would own its page.)
  const nodes: TinyNode[] = [
    { name: '', type: 'synthetic', size: 0 }, // 0: the root
    { name: '(GC roots)', type: 'synthetic', size: 0 }, // 1
    { name: '(Handle scope)', type: 'synthetic', size: 0 }, // 2
    { name: '(Global handles)', type: 'synthetic', size: 0 }, // 3
    { name: 'Map', size: 20 }, // 4: the cache
    { name: '(array)', type: 'array', size: 40 }, // 5: its old table, also in a handle
    { name: '(array)', type: 'array', size: 8 }, // 6: the new table, still empty
    // 7..126: 120 rendered reports of 50 bytes, none 1 % of the heap
    ...Array.from({ length: 120 }, (_, i): TinyNode => ({ name: `report ${i}`, type: 'string', size: 50 })),
  ];
  const edges: TinyEdge[] = [
    { from: 0, to: 1, type: 'element', name: 1 },
    { from: 1, to: 2, type: 'element', name: 9 },
    { from: 1, to: 3, type: 'element', name: 13 },
    { from: 2, to: 5, type: 'element', name: 1 },
    { from: 2, to: 6, type: 'element', name: 2 },
    { from: 3, to: 4, type: 'element', name: 18 },
    { from: 4, to: 5, type: 'internal', name: 'table' },
    ...Array.from({ length: 120 }, (_, i): TinyEdge => ({ from: 5, to: 7 + i, type: 'internal', name: String(4 + i) })),
  ];
  const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
  const analysis = new HeapAnalysis(snap);

  it('puts the table on its Map: the bytes the table holds, on the Map', () => {
    const { retainedSize } = analysis.dominators;
    expect(retainedSize[4]).toBe(20);
    expect(retainedSize[5]).toBe(6040);
    const holders = heapHolders(analysis);
    expect(holders.map((h) => [h.id, h.className, h.retainedSize])).toEqual([[snap.id(4), 'Map', 6040]]);
    expect(holders[0].share).toBeCloseTo(6040 / 6068, 10);
  });
});
