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
    expect(id(evidence(path, { containers: [{ type: 'object', name: 'Promise', holder: 'h', perIteration: 300, path }] }))).toBe('promise-reactions');
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
    expect(id(evidence(dict, { containers: [{ type: 'object', name: 'Object', holder: 'h', perIteration: 90, path: dict }] }))).toBe('property-dictionary');
    const map = [s(null, 'global'), moduleScope, s(['context', 'cache'], 'Map'), s(['internal', '7'], 'Entry')];
    expect(id(evidence(map, { containers: [{ type: 'object', name: 'Map', holder: 'h', perIteration: 90, path: map.slice(0, 3) }] }))).toBe('unbounded-collection');
  });
  it('says nothing "unbounded" of memory that stays up, and nothing at all without a shape', () => {
    const map = [s(null, 'global'), moduleScope, s(['context', 'cache'], 'Map'), s(['internal', '7'], 'Entry')];
    expect(id(evidence(map, { bounded: true }))).toBeUndefined();
    expect(id(evidence([s(null, 'global'), s(['property', 'x'], 'Thing')]))).toBeUndefined();
  });
});
