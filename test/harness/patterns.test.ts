// Each leak shape's sentence, recognised from plain evidence.
import { describe, expect, it } from 'vitest';
import { recognisePattern, type PatternEvidence } from '../../harness/verdict/patterns.ts';
import type { PathStep } from '../../harness/heap/index.ts';

const s = (edge: [string, string] | null, name: string, type = 'object', extra: Partial<PathStep> = {}): PathStep => ({
  ...(edge ? { edge: { type: edge[0], name: edge[1] } } : {}),
  node: { id: 0, type, name, className: name },
  ...extra,
});
const moduleScope = s(['internal', 'context'], 'system / Context', 'object', { scope: { kind: 'module', file: '/app/buggy.ts' } });
const evidence = (path: PathStep[], over: Partial<PatternEvidence> = {}): [PatternEvidence, PathStep[]] => [
  { culprit: { type: 'object', name: path.at(-1)!.node.name, count: 400, path, holder: 'h' }, containers: [], classes: [], ...over },
  path,
];
/** The culprit is the container that grew: the last step of its path. */
const grown = (path: PathStep[], over: Partial<PatternEvidence> = {}): [PatternEvidence, PathStep[]] => {
  const [e] = evidence(path, over);
  return [{ ...e, culprit: { ...e.culprit!, count: 1, holderAt: path.length - 1 } }, path];
};
/** The culprit's members, held by the step at `holderAt` (heap/groups.ts). */
const heldAt = (path: PathStep[], holderAt: number, over: Partial<PatternEvidence> = {}): [PatternEvidence, PathStep[]] => {
  const [e] = evidence(path, over);
  return [{ ...e, culprit: { ...e.culprit!, holderAt } }, path];
};
const id = ([e, path]: [PatternEvidence, PathStep[]]): string | undefined => recognisePattern(e, path, 'h')?.id;

describe('leak shapes in one sentence', () => {
  it('listeners on an EventEmitter', () => {
    expect(id(evidence([s(null, 'global'), moduleScope, s(['context', 'config'], 'EventEmitter'), s(['property', '_events'], 'Object'), s(['property', 'reload'], 'Array'), s(['element', '3'], 'onReload', 'closure')]))).toBe('listeners');
  });
  it('listeners on an EventTarget', () => {
    expect(id(evidence([s(null, 'global'), moduleScope, s(['context', 'shutdown'], 'AbortController'), s(['property', '#signal'], 'AbortSignal'), s(['property', '<symbol kEvents>'], 'Map')]))).toBe('listeners');
  });
  it('timers never cleared', () => {
    expect(id(evidence([s(null, 'global'), s(['property', '60000'], 'TimersList'), s(['property', '_idlePrev'], 'Timeout')]))).toBe('timers');
  });
  it('a never-settling promise', () => {
    const path = [s(null, 'global'), moduleScope, s(['context', 'shutdown'], 'Promise')];
    expect(id(grown(path, { containers: [{ type: 'object', name: 'Promise', holder: 'h', perIteration: 300, path }] }))).toBe('promise-reactions');
  });
  it('a small view pinning a store', () => {
    expect(id(evidence([s(null, 'global'), moduleScope, s(['context', 'ids'], 'Array'), s(['element', '1'], 'Buffer'), s(['internal', 'buffer'], 'ArrayBuffer'), s(['internal', 'backing_store'], 'system / JSArrayBufferData', 'native')]))).toBe('buffer-view');
  });
  it('a sliced string keeping its parent', () => {
    expect(id(evidence([s(null, 'global'), moduleScope, s(['context', 'tokens'], 'Map'), s(['internal', '3'], '(sliced string)', 'sliced string'), s(['internal', 'parent'], '(string)', 'string')]))).toBe('sliced-string');
  });
  it("closures sharing their scope's Context", () => {
    expect(id(evidence([s(null, 'global'), moduleScope, s(['context', 'log'], 'Array'), s(['element', '2'], 'describe', 'closure'), s(['internal', 'context'], 'system / Context')]))).toBe('closure-context');
  });
  it('runtime registries: AsyncLocalStorage, AbortSignal dependants', () => {
    expect(id(evidence([s(null, 'global'), s(['context', 'storageList'], 'Array'), s(['element', '9'], 'AsyncLocalStorage')]))).toBe('runtime-registry');
    expect(id(evidence([s(null, 'global'), s(['context', 'gcPersistentSignals'], 'Set'), s(['internal', '4'], 'AbortSignal')]))).toBe('runtime-registry');
  });
  it('a stream ignoring backpressure', () => {
    expect(id(evidence([s(null, 'global'), moduleScope, s(['context', 'sink'], 'Writable'), s(['property', '_writableState'], 'WritableState'), s(['property', '<symbol kBufferedValue>'], 'Array')]))).toBe('stream-backpressure');
  });
  it('an object used as a dictionary, and an unbounded Map', () => {
    const dict = [s(null, 'global'), moduleScope, s(['context', 'stats'], 'Object')];
    expect(id(grown(dict, { containers: [{ type: 'object', name: 'Object', holder: 'h', perIteration: 90, path: dict }] }))).toBe('property-dictionary');
    const map = [s(null, 'global'), moduleScope, s(['context', 'cache'], 'Map'), s(['internal', '7'], 'Entry')];
    expect(id(evidence(map, { containers: [{ type: 'object', name: 'Map', holder: 'h', perIteration: 90, path: map.slice(0, 3) }] }))).toBe('unbounded-collection');
  });
  it('says nothing "unbounded" of memory that stays up, and nothing at all without a shape', () => {
    const map = [s(null, 'global'), moduleScope, s(['context', 'cache'], 'Map'), s(['internal', '7'], 'Entry')];
    expect(id(evidence(map, { bounded: true }))).toBeUndefined();
    expect(id(evidence([s(null, 'global'), s(['property', 'x'], 'Thing')]))).toBeUndefined();
  });
});

describe('the shape comes from what grows, not from the route to it', () => {
  // Every ES module's variables are reached through Node's module loader: global -> ... ->
  // ModuleLoader .loadCache -> LoadCache -> ModuleJob -> ModuleWrap -> the module's scope.
  const loader = [
    s(null, 'global'),
    s(['property', 'loadCache'], 'LoadCache'),
    s(['internal', 'table'], 'system / OrderedHashMap', 'hidden'),
    s(['internal', '95'], 'Object'),
    s(['property', 'javascript'], 'ModuleJob'),
    s(['property', 'module'], 'ModuleWrap'),
  ];
  const middleware = [...loader, moduleScope, s(['context', 'middleware'], 'session', 'closure'), s(['internal', 'context'], 'system / Context', 'object', { scope: { kind: 'function', name: 'session' } })];

  it('a dictionary reached through a middleware closure is a dictionary, not closures sharing a Context', () => {
    const path = [...middleware, s(['context', 'store'], 'MemoryStore'), s(['property', 'sessions'], 'Object'), s(['internal', 'properties'], 'system / PropertyArray', 'hidden'), s(['property', 'k93'], 'Session')];
    expect(id(heldAt(path, path.length - 2))).toBe('property-dictionary');
  });

  it('a label Map reached through a closure is an unbounded Map', () => {
    const path = [...middleware, s(['context', 'counter'], 'Counter'), s(['property', 'hashMap'], 'Map'), s(['internal', 'table'], 'system / OrderedHashMap', 'hidden'), s(['internal', '7'], 'Object')];
    const [e] = heldAt(path, path.length - 2);
    expect(recognisePattern(e, path, 'h')?.sentence).toMatch(/^An unbounded Map:/);
  });

  it('an interceptor list is an Array, whatever other container grew', () => {
    const path = [...loader, moduleScope, s(['context', 'client'], 'Axios'), s(['property', 'interceptors'], 'Object'), s(['property', 'request'], 'InterceptorManager'), s(['property', 'handlers'], 'Array'), s(['internal', 'elements'], '(object elements)', 'array'), s(['element', '40'], 'Object')];
    const otherMap = [s(null, 'global'), s(['property', 'cache'], 'Map')];
    const [e] = heldAt(path, path.length - 2, { containers: [{ type: 'object', name: 'Map', holder: 'cache', perIteration: 900, path: otherMap }] });
    expect(recognisePattern(e, path, 'h')?.sentence).toMatch(/^An unbounded Array:/);
  });

  it("Node's module loader keeping every module imported with a new query", () => {
    expect(recognisePattern(heldAt(loader.slice(0, 5), 2)[0], loader.slice(0, 5), 'h')).toMatchObject({ id: 'runtime-registry', sentence: expect.stringMatching(/^Node's module loader keeps every module/) });
  });

  it('Contexts that accumulate are closures sharing a Context', () => {
    const path = [...loader, moduleScope, s(['context', 'log'], 'Array'), s(['internal', 'elements'], '(object elements)', 'array'), s(['element', '2'], 'describe', 'closure'), s(['internal', 'context'], 'system / Context')];
    expect(id(heldAt(path, path.length - 3))).toBe('closure-context');
  });

  it('a bounded list of callbacks whose scopes keep a payload (memory that stays up) is closures sharing a Context', () => {
    const closureScope = s(['internal', 'context'], 'system / Context', 'object', { scope: { kind: 'function', name: 'handle' } });
    const path = [...loader, moduleScope, s(['context', 'slowRequests'], 'Array'), s(['internal', 'elements'], '(object elements)', 'array'), s(['element', '3'], 'onDone', 'closure'), closureScope, s(['context', 'order'], 'Object')];
    expect(id(heldAt(path, path.length - 4, { bounded: true }))).toBe('closure-context');
    // Growing, the same list is an unbounded Array: what grows is the list.
    expect(id(heldAt(path, path.length - 4))).toBe('unbounded-collection');
  });

  it('says none when what holds the members is no known shape', () => {
    const path = [...loader, moduleScope, s(['context', 'engine'], 'RenderEngine'), s(['property', 'last'], 'Frame')];
    expect(id(heldAt(path, path.length - 2))).toBeUndefined();
  });
});
