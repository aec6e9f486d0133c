// Paths a person agrees with, on graphs built by hand: around the engine's code, through the
// program's own scopes, chains folded, the holder named the way the program names it.
import { describe, expect, it } from 'vitest';
import {
  abridgePath,
  computeRetainerTree,
  foldChains,
  HeapAnalysis,
  holderText,
  parseHeapSnapshot,
  programPath,
  programPathsTo,
  retainerPath,
  retainerPathTo,
  type PathStep,
} from '../../harness/heap/index.ts';
import { tinySnapshot, type TinyEdge, type TinyNode } from '../helpers/tiny-snapshot.ts';

const root: TinyNode = { name: '', type: 'synthetic', size: 0 };

describe('retainer paths keep out of the engine while they can', () => {
  // root -> global -> process -> memoryUsage() -> FeedbackVector (code) -> AllocationSite (code) -> Entry 0
  // root -> global -> registry -> Entry 0 (one step longer)
  const nodes: TinyNode[] = [
    root,
    { name: 'global' },
    { name: 'process' },
    { name: 'memoryUsage', type: 'closure' },
    { name: 'system / AllocationSite', type: 'code' },
    { name: 'Registry' },
    { name: 'Holder' },
    { name: 'Entry' },
  ];
  const edges: TinyEdge[] = [
    { from: 0, to: 1, type: 'shortcut', name: 'global' },
    { from: 1, to: 2, name: 'process' },
    { from: 2, to: 3, name: 'memoryUsage' },
    { from: 3, to: 4, type: 'internal', name: 'feedback' },
    { from: 4, to: 7, type: 'internal', name: 'transition_info' },
    { from: 1, to: 5, name: 'registry' },
    { from: 5, to: 6, name: 'byName' },
    { from: 6, to: 7, name: '<img src=x>' },
  ];

  it('takes the longer path through the registry, not the allocation-site feedback', () => {
    const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
    const path = retainerPath(snap, computeRetainerTree(snap), 7);
    expect(path.map((s) => s.node.name)).toEqual(['global', 'Registry', 'Holder', 'Entry']);
    expect(path.some((s) => s.node.type === 'code')).toBe(false);
  });

  it('goes through the engine when nothing else holds the object', () => {
    const only = edges.filter((e) => !(e.from === 6 && e.to === 7));
    const snap = parseHeapSnapshot(tinySnapshot(nodes, only));
    const path = retainerPath(snap, computeRetainerTree(snap), 7);
    expect(path.map((s) => s.node.name)).toEqual(['global', 'process', 'memoryUsage()', '(code) system / AllocationSite', 'Entry']);
  });
});

describe('the engine, entered last, as if every reached object were scanned once more', () => {
  // root -> global -> a, b. Only code reaches Entry: a -> code X, b -> code Y, both -> Entry;
  // the root's own (system) edge reaches code Z, which a reaches first.
  const nodes: TinyNode[] = [
    root, // 0
    { name: 'global' }, // 1
    { name: 'A' }, // 2
    { name: 'B' }, // 3
    { name: 'X', type: 'code' }, // 4
    { name: 'Y', type: 'code' }, // 5
    { name: 'Entry' }, // 6
    { name: 'Z', type: 'code' }, // 7
    { name: 'Kept' }, // 8
  ];
  const edges: TinyEdge[] = [
    { from: 0, to: 1, type: 'shortcut', name: 'global' },
    { from: 0, to: 7, type: 'element', name: '1' },
    { from: 1, to: 3, name: 'b' },
    { from: 1, to: 2, name: 'a' },
    { from: 3, to: 5, type: 'internal', name: 'code' },
    { from: 2, to: 7, type: 'internal', name: 'code' },
    { from: 2, to: 4, type: 'internal', name: 'code' },
    { from: 5, to: 6, type: 'internal', name: 'entry' },
    { from: 4, to: 6, type: 'internal', name: 'entry' },
    { from: 7, to: 8, type: 'internal', name: 'kept' },
  ];
  const names = (path: PathStep[]): string[] => path.map((s) => s.node.name);

  it('gives an engine object the first retainer met in breadth-first order, the root before all', () => {
    const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
    const tree = computeRetainerTree(snap);
    // b is reached before a (global's edges in order), so Y is met before X.
    expect(names(retainerPath(snap, tree, 6))).toEqual(['global', 'B', '(code) Y', 'Entry']);
    expect(tree.distance[6]).toBe(4);
    // a met Z first, but the root's own edge to it comes first once the engine is entered.
    expect(names(retainerPath(snap, tree, 8))).toEqual(['(code) Z', 'Kept']);
  });

  it('gives the same paths to a search stopped once it reaches them', () => {
    const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
    const tree = computeRetainerTree(snap);
    for (const node of [2, 3, 4, 5, 6, 7, 8]) expect(retainerPathTo(snap, node)).toEqual(retainerPath(snap, tree, node));
  });
});

describe('scopes and holders in the program’s terms', () => {
  // An ES module's top-level Context (previous: the NativeContext) holds `seen`; the loader
  // reaches it in four steps, a timer list in two: the program's path wins.
  const nodes: TinyNode[] = [
    root, // 0
    { name: 'global' }, // 1
    { name: 'ModuleLoader' }, // 2
    { name: 'ModuleJob' }, // 3
    { name: 'system / Context' }, // 4: the module's scope
    { name: 'system / NativeContext', type: 'hidden' }, // 5
    { name: 'iteration', type: 'closure' }, // 6: a function of the module
    { name: '', type: 'code' }, // 7: its SharedFunctionInfo
    { name: 'file:///work/app/buggy.ts', type: 'code' }, // 8: its Script
    { name: 'Set' }, // 9: seen
    { name: 'Entry' }, // 10
    { name: 'TimersList' }, // 11
  ];
  const edges: TinyEdge[] = [
    { from: 0, to: 1, type: 'shortcut', name: 'global' },
    { from: 1, to: 2, name: 'loader' },
    { from: 2, to: 3, name: 'job' },
    { from: 3, to: 6, name: 'fn' },
    { from: 6, to: 4, type: 'internal', name: 'context' },
    { from: 6, to: 7, type: 'internal', name: 'shared' },
    { from: 7, to: 8, type: 'internal', name: 'script_or_debug_info' },
    { from: 4, to: 5, type: 'internal', name: 'previous' },
    { from: 4, to: 9, type: 'context', name: 'seen' },
    { from: 9, to: 10, type: 'internal', name: '17' },
    { from: 1, to: 11, name: 'timers' },
    { from: 11, to: 10, name: '_idleNext' },
  ];
  const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
  const scopes = new HeapAnalysis(snap).scopes;

  it('names a module scope by its file', () => {
    expect(scopes.scopeOf(4)).toEqual({ kind: 'module', file: 'file:///work/app/buggy.ts' });
    expect(scopes.scopeOf(9)).toBeNull();
    expect(scopes.programModules(() => true)).toEqual([4]);
  });

  it('also under a NativeContext named as Node 26 names it over the inspector (`system / NativeContext / `)', () => {
    const renamed = nodes.map((n, i) => (i === 5 ? { ...n, name: 'system / NativeContext / ' } : n));
    const over = new HeapAnalysis(parseHeapSnapshot(tinySnapshot(renamed, edges))).scopes;
    expect(over.scopeOf(4)).toEqual({ kind: 'module', file: 'file:///work/app/buggy.ts' });
  });

  it("prefers the path through the program's own module to a shorter one through the runtime", () => {
    const analysis = new HeapAnalysis(snap);
    expect(retainerPath(snap, analysis.retainers, 10).map((s) => s.node.name)).toEqual(['global', 'TimersList', 'Entry']);
    const program = computeRetainerTree(snap, scopes.programModules(() => true));
    const path = scopes.annotate(programPath(snap, analysis.retainers, program, 10));
    expect(path.map((s) => s.node.name)).toEqual(['global', 'ModuleLoader', 'ModuleJob', 'iteration()', 'system / Context', 'Set', 'Entry']);
    expect(holderText(path)).toBe('buggy.ts (module) → seen');
    expect(abridgePath(path).skipped).toBe(3);
  });

  it("gives, from the same two searches, the program's path and the plain shortest one (analyze's heldMost)", () => {
    const { program, shortest } = programPathsTo(snap, scopes.programModules(() => true), [10], { shortest: [10] });
    expect(program[0].map((s) => s.node.name)).toEqual(['global', 'ModuleLoader', 'ModuleJob', 'iteration()', 'system / Context', 'Set', 'Entry']);
    expect(shortest[0].map((s) => s.node.name)).toEqual(['global', 'TimersList', 'Entry']);
    expect(shortest[0]).toEqual(retainerPathTo(snap, 10));
  });
});

describe('the program tree stays in the program', () => {
  it('does not climb a scope chain to the NativeContext and from there to every global', () => {
    const nodes: TinyNode[] = [
      root, // 0
      { name: 'global' }, // 1
      { name: 'system / NativeContext', type: 'hidden' }, // 2
      { name: 'system / Context' }, // 3: a module's scope, holding nothing of the leak
      { name: 'Cache' }, // 4
      { name: 'Entry' }, // 5
      { name: 'Config' }, // 6
    ];
    const edges: TinyEdge[] = [
      { from: 0, to: 1, type: 'shortcut', name: 'global' },
      { from: 0, to: 2, type: 'element', name: 1 },
      { from: 2, to: 1, type: 'internal', name: 'global_proxy_object' },
      { from: 2, to: 3, type: 'internal', name: 'script_context_table' },
      { from: 3, to: 2, type: 'internal', name: 'previous' },
      { from: 3, to: 6, type: 'context', name: 'config' },
      { from: 1, to: 4, name: 'cache' },
      { from: 4, to: 5, name: 'k1' },
    ];
    const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
    const analysis = new HeapAnalysis(snap);
    const program = computeRetainerTree(snap, [3]);
    expect(program.distance[6]).toBe(1);
    expect(program.distance[5]).toBe(0xffffffff);
    const path = programPath(snap, analysis.retainers, program, 5);
    expect(holderText(path)).toBe('globalThis.cache.k1');
  });
});

describe('holder text and chain folding over plain steps', () => {
  const n = (name: string, type = 'object', className = name) => ({ id: 0, type, name, className });
  const step = (edge: [string, string] | null, node: PathStep['node'], extra: Partial<PathStep> = {}): PathStep => ({
    ...(edge ? { edge: { type: edge[0], name: edge[1] } } : {}),
    node,
    ...extra,
  });
  const moduleScope = (file: string) => ({ scope: { kind: 'module' as const, file } });

  it('a property chain from a module variable: config._events.reload[50]', () => {
    const path = [
      step(null, n('global')),
      step(['property', 'loader'], n('Loader')),
      step(['internal', 'context'], n('system / Context'), moduleScope('/srv/app/buggy.ts')),
      step(['context', 'config'], n('EventEmitter')),
      step(['property', '_events'], n('Object')),
      step(['property', 'reload'], n('Array')),
      step(['element', '50'], n('onReload()', 'closure', '(closure)')),
    ];
    expect(holderText(path)).toBe('buggy.ts (module) → config._events.reload[50]');
  });

  it('a closure variable after the module: handlers[3] → handler() → order', () => {
    const path = [
      step(null, n('global')),
      step(['internal', 'context'], n('system / Context'), moduleScope('file:///srv/buggy.mjs')),
      step(['context', 'handlers'], n('Array')),
      step(['element', '3'], n('handler()', 'closure', '(closure)')),
      step(['internal', 'context'], n('system / Context'), { scope: { kind: 'function', name: '' } }),
      step(['context', 'order'], n('Order')),
    ];
    expect(holderText(path)).toBe('buggy.mjs (module) → handlers[3] → handler() → order');
  });

  it('hostile keys are quoted, symbols and private fields read as code', () => {
    const path = [
      step(null, n('global')),
      step(['internal', 'context'], n('system / Context'), moduleScope('/a/b.ts')),
      step(['context', 'registry'], n('Object')),
      step(['property', '<img src=x onerror=alert(1)>\n'], n('Hook')),
      step(['property', '#signal'], n('AbortSignal')),
      step(['property', '<symbol kEvents>'], n('Map')),
    ];
    expect(holderText(path)).toBe('b.ts (module) → registry["<img src=x onerror=alert(1)>\\n"].#signal[Symbol(kEvents)]');
  });

  it('folds a linked list into one step with a count', () => {
    const path = [
      step(null, n('global')),
      step(['internal', 'context'], n('system / Context'), moduleScope('node:timers')),
      step(['context', 'timerListMap'], n('Object')),
      step(['element', '60000'], n('TimersList')),
      ...Array.from({ length: 198 }, () => step(['property', '_idlePrev'], n('Timeout'))),
    ];
    const folded = foldChains(path);
    expect(folded).toHaveLength(5);
    expect(folded.at(-1)!.repeat).toBe(198);
    expect(holderText(path)).toBe('node:timers (module) → timerListMap[60000]._idlePrev ×198');
    expect(abridgePath(path).steps.length).toBeLessThanOrEqual(12);
  });

  it('folds a two-step period (a reaction and its wrapper) too', () => {
    const pairs = Array.from({ length: 50 }, () => [step(['internal', 'next'], n('PromiseReaction', 'hidden')), step(['internal', 'fulfill'], n('Wrapper'))]).flat();
    const folded = foldChains([step(null, n('global')), ...pairs]);
    expect(folded).toHaveLength(3);
    expect(folded[1].repeat).toBe(50);
  });

  it('keeps terminal paths to about twelve lines', () => {
    const long = [step(null, n('global')), ...Array.from({ length: 40 }, (_, i) => step(['property', `p${i}`], n(`C${i}`)))];
    const { steps, cut } = abridgePath(long);
    expect(steps.length).toBe(12);
    expect(cut).toBe(29);
  });
});

describe("Node 26's snapshots, rooted at the realm's NativeContext", () => {
  // root -shortcut-> NativeContext -global_object-> `global (global*)` -> .registry -> Holder
  it('start the path at the global, named as the program names it', () => {
    const snap = parseHeapSnapshot(
      tinySnapshot(
        [root, { name: 'system / NativeContext', type: 'hidden' }, { name: 'global (global*)' }, { name: 'Object' }, { name: 'Holder' }],
        [
          { from: 0, to: 1, type: 'shortcut', name: 'native_context' },
          { from: 1, to: 2, type: 'internal', name: 'global_object' },
          { from: 2, to: 3, name: 'registry' },
          { from: 3, to: 4, name: 'holder' },
        ],
      ),
    );
    const path = retainerPath(snap, computeRetainerTree(snap), 4);
    expect(path.map((s) => s.node.name)).toEqual(['global', 'Object', 'Holder']);
    expect(holderText(path)).toBe('globalThis.registry.holder');
  });

  it('from the engine’s roots, names the first object and the kind of root, never "(GC roots)"', () => {
    // Node 24 keeps AsyncLocalStorage instances in the AsyncContextFrame on the stack roots.
    const path: PathStep[] = [
      { node: { id: 1, type: 'synthetic', name: '(GC roots)', className: '(GC roots)' } },
      { edge: { type: 'element', name: '19' }, node: { id: 3, type: 'synthetic', name: '(Stack roots)', className: '(Stack roots)' } },
      { edge: { type: 'internal', name: '5' }, node: { id: 5, type: 'object', name: 'AsyncContextFrame', className: 'AsyncContextFrame' } },
      { edge: { type: 'internal', name: 'table' }, node: { id: 7, type: 'array', name: '(array)', className: '(array)' } },
      { edge: { type: 'internal', name: '695' }, node: { id: 9, type: 'object', name: 'AsyncLocalStorage', className: 'AsyncLocalStorage' } },
    ];
    expect(holderText(path, 7)).toBe('(Stack roots) → AsyncContextFrame');
  });
});
