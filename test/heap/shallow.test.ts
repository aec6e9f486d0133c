import { describe, expect, it } from 'vitest';
import { computeDominators, parseHeapSnapshot, type HeapSnapshot } from '../../harness/heap/index.ts';
import { tinySnapshot, type TinyEdge, type TinyNode } from '../helpers/tiny-snapshot.ts';

// DevTools gives the bytes of an object's stores (hidden and array nodes, external string
// data) to the one object that owns them. Each graph states the shallow size every node must
// get; the root's element edge to a `global` object makes the snapshot have a user root.
const root: TinyNode = { name: '', type: 'synthetic', size: 0 };
const gcRoots: TinyNode = { name: '(GC roots)', type: 'synthetic', size: 0 };
const global: TinyNode = { name: 'global', size: 10 };
const toGlobal: TinyEdge = { from: 0, to: 1, type: 'shortcut', name: 'global' };

function build(nodes: TinyNode[], edges: TinyEdge[]): { snap: HeapSnapshot; shallow: (name: string) => number; raw: (name: string) => number; retained: (name: string) => number } {
  const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
  const dom = computeDominators(snap);
  const ordinal = (name: string): number => {
    const i = nodes.findIndex((n) => n.name === name);
    if (i < 0) throw new Error(`no node ${name}`);
    return i;
  };
  return {
    snap,
    shallow: (name) => snap.selfSize(ordinal(name)),
    raw: (name) => snap.rawSelfSize(ordinal(name)),
    retained: (name) => dom.retainedSize[ordinal(name)],
  };
}

describe("shallow sizes as DevTools shows them", () => {
  it("an object's elements and properties stores count in its shallow size, and are 0 themselves", () => {
    // global -> list -elements-> E (array) ; list -properties-> P (hidden) -> P2 (hidden)
    const g = build(
      [root, global, { name: 'list', size: 32 }, { name: 'E', type: 'array', size: 1016 }, { name: 'P', type: 'hidden', size: 40 }, { name: 'P2', type: 'hidden', size: 8 }],
      [toGlobal, { from: 1, to: 2, name: 'list' }, { from: 2, to: 3, type: 'internal', name: 'elements' }, { from: 2, to: 4, type: 'internal', name: 'properties' }, { from: 4, to: 5, type: 'internal', name: 'x' }],
    );
    expect(g.shallow('list')).toBe(32 + 1016 + 40 + 8);
    expect(g.shallow('E')).toBe(0);
    expect(g.shallow('P')).toBe(0);
    expect(g.shallow('P2')).toBe(0);
    expect(g.raw('list')).toBe(32);
    expect(g.raw('E')).toBe(1016);
    // The move changes no total: retained sizes add up the same bytes.
    expect(g.retained('list')).toBe(32 + 1016 + 40 + 8);
    expect(g.retained('')).toBe(10 + 32 + 1016 + 40 + 8);
  });

  it('a store two objects reach keeps its own size, and so does what hangs below it', () => {
    // global -> A -> S (array) <- B <- global ; S -> T (hidden)
    const g = build(
      [root, global, { name: 'A' }, { name: 'B' }, { name: 'S', type: 'array', size: 100 }, { name: 'T', type: 'hidden', size: 7 }],
      [toGlobal, { from: 1, to: 2 }, { from: 1, to: 3 }, { from: 2, to: 4 }, { from: 3, to: 4 }, { from: 4, to: 5 }],
    );
    expect(g.shallow('S')).toBe(100);
    expect(g.shallow('T')).toBe(7);
    expect(g.shallow('A')).toBe(10);
    expect(g.shallow('B')).toBe(10);
  });

  it('a weak edge does not make an owner', () => {
    // A -weak-> S <- B
    const g = build(
      [root, global, { name: 'A' }, { name: 'B' }, { name: 'S', type: 'hidden', size: 50 }],
      [toGlobal, { from: 1, to: 2 }, { from: 1, to: 3 }, { from: 2, to: 4, type: 'weak', name: 1 }, { from: 3, to: 4 }],
    );
    expect(g.shallow('B')).toBe(60);
    expect(g.shallow('A')).toBe(10);
    expect(g.shallow('S')).toBe(0);
  });

  it('a store owned by the root or a synthetic node, or by no one, keeps its size', () => {
    // (GC roots) -> R (hidden); U (array) unreachable; the root -> X (hidden)
    const g = build(
      [root, global, gcRoots, { name: 'R', type: 'hidden', size: 24 }, { name: 'U', type: 'array', size: 16 }, { name: 'X', type: 'hidden', size: 8 }],
      [toGlobal, { from: 0, to: 2, type: 'element', name: 1 }, { from: 0, to: 5, type: 'element', name: 2 }, { from: 2, to: 3, type: 'element', name: 1 }],
    );
    expect(g.shallow('R')).toBe(24);
    expect(g.shallow('U')).toBe(16);
    expect(g.shallow('X')).toBe(8);
    expect(g.shallow('(GC roots)')).toBe(0);
  });

  it("an external string's character data counts in the string's shallow size", () => {
    const g = build(
      [root, global, { name: 'a long text', type: 'string', size: 20 }, { name: 'system / ExternalStringData', type: 'native', size: 4096 }, { name: 'system / JSArrayBufferData', type: 'native', size: 512 }, { name: 'buf' }],
      [toGlobal, { from: 1, to: 2, name: 'text' }, { from: 2, to: 3, type: 'internal', name: 'data' }, { from: 1, to: 5, name: 'buf' }, { from: 5, to: 4, type: 'internal', name: 'backing_store' }],
    );
    expect(g.shallow('a long text')).toBe(20 + 4096);
    expect(g.shallow('system / ExternalStringData')).toBe(0);
    // ArrayBuffer backing stores stay nodes of their own, as in DevTools.
    expect(g.shallow('system / JSArrayBufferData')).toBe(512);
    expect(g.shallow('buf')).toBe(10);
  });

  it('a snapshot without user roots (internals exposed) keeps V8 sizes', () => {
    const g = build(
      [root, gcRoots, { name: 'A' }, { name: 'E', type: 'array', size: 64 }],
      [{ from: 0, to: 1, type: 'element', name: 1 }, { from: 1, to: 2, type: 'element', name: 1 }, { from: 2, to: 3, type: 'internal', name: 'elements' }],
    );
    expect(g.shallow('A')).toBe(10);
    expect(g.shallow('E')).toBe(64);
    expect(g.snap.nodeSelfSize).toBe(g.snap.nodeRawSelfSize);
  });

  it('sizes of 4 GiB and more are kept exactly, alone and summed into an owner', () => {
    const g = build(
      [root, global, { name: 'huge', type: 'native', size: 5_000_000_000 }, { name: 'list', size: 32 }, { name: 'E', type: 'array', size: 4_294_967_290 }],
      [toGlobal, { from: 1, to: 2, name: 'huge' }, { from: 1, to: 3, name: 'list' }, { from: 3, to: 4, type: 'internal', name: 'elements' }],
    );
    expect(g.raw('huge')).toBe(5_000_000_000);
    expect(g.shallow('huge')).toBe(5_000_000_000);
    expect(g.shallow('list')).toBe(4_294_967_322);
    expect(g.raw('E')).toBe(4_294_967_290);
    expect(g.retained('')).toBe(10 + 5_000_000_000 + 4_294_967_322);
  });

  it('a sum that passes 4 GiB while every V8 size is 32-bit switches the column to doubles mid-way', () => {
    // list owns two 3 GB stores; `later` and its store come after the switch.
    const g = build(
      [root, global, { name: 'list', size: 32 }, { name: 'E1', type: 'array', size: 3_000_000_000 }, { name: 'E2', type: 'array', size: 3_000_000_000 }, { name: 'later', size: 7 }, { name: 'E3', type: 'hidden', size: 5 }],
      [toGlobal, { from: 1, to: 2 }, { from: 2, to: 3, type: 'internal', name: 'a' }, { from: 2, to: 4, type: 'internal', name: 'b' }, { from: 1, to: 5 }, { from: 5, to: 6, type: 'internal', name: 'c' }],
    );
    expect(g.snap.nodeRawSelfSize).toBeInstanceOf(Uint32Array);
    expect(g.snap.nodeSelfSize).toBeInstanceOf(Float64Array);
    expect(Array.from(g.snap.nodeSelfSize)).toEqual([0, 10, 6_000_000_032, 0, 0, 12, 0]);
    expect(g.retained('')).toBe(6_000_000_054);
  });

  it("in a browser's snapshot, the document's DOM trees count as a user root, as in DevTools", () => {
    const g = build(
      [root, gcRoots, { name: '(Document DOM trees)', type: 'synthetic', size: 0 }, { name: 'A' }, { name: 'E', type: 'array', size: 64 }],
      [{ from: 0, to: 1, type: 'element', name: 1 }, { from: 0, to: 2, type: 'element', name: 2 }, { from: 2, to: 3, type: 'element', name: 1 }, { from: 3, to: 4, type: 'internal', name: 'elements' }],
    );
    expect(g.shallow('A')).toBe(74);
    expect(g.shallow('E')).toBe(0);
  });

  it('an empty heap (the root alone) and a root with one store', () => {
    const alone = build([root], []);
    expect(alone.retained('')).toBe(0);
    const one = build([root, { name: 'x', type: 'array', size: 8 }], [{ from: 0, to: 1, type: 'element', name: 1 }]);
    expect(one.shallow('x')).toBe(8);
    expect(one.retained('')).toBe(8);
  });
});

