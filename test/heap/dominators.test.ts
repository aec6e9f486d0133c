import { describe, expect, it } from 'vitest';
import { parseHeapSnapshot, computeDominators, type HeapSnapshot } from '../../harness/heap/index.ts';
import { tinySnapshot, type TinyEdge, type TinyNode } from '../helpers/tiny-snapshot.ts';

const root: TinyNode = { name: '', type: 'synthetic', size: 0 };

function build(nodes: TinyNode[], edges: TinyEdge[]): { snap: HeapSnapshot; idomOf: (name: string) => string; retained: (name: string) => number } {
  const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
  const dom = computeDominators(snap);
  const ordinal = (name: string): number => {
    const i = nodes.findIndex((n) => n.name === name);
    if (i < 0) throw new Error(`no node ${name}`);
    return i;
  };
  return {
    snap,
    idomOf: (name) => nodes[dom.idom[ordinal(name)]].name || '(root)',
    retained: (name) => dom.retainedSize[ordinal(name)],
  };
}

describe('dominators on graphs known by hand', () => {
  it('diamond: the join is dominated by the fork, not by either branch', () => {
    // root -> A -> {B, C} -> D
    const g = build(
      [root, { name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D', size: 100 }],
      [
        { from: 0, to: 1, type: 'element', name: 1 },
        { from: 1, to: 2 },
        { from: 1, to: 3 },
        { from: 2, to: 4 },
        { from: 3, to: 4 },
      ],
    );
    expect(g.idomOf('D')).toBe('A');
    expect(g.idomOf('B')).toBe('A');
    expect(g.retained('B')).toBe(10);
    expect(g.retained('A')).toBe(130);
    expect(g.retained('')).toBe(130);
  });

  it('cycle: entered once, each node dominates the next', () => {
    // root -> A -> B -> C -> A
    const g = build(
      [root, { name: 'A' }, { name: 'B' }, { name: 'C' }],
      [
        { from: 0, to: 1, type: 'element', name: 1 },
        { from: 1, to: 2 },
        { from: 2, to: 3 },
        { from: 3, to: 1 },
      ],
    );
    expect(g.idomOf('B')).toBe('A');
    expect(g.idomOf('C')).toBe('B');
    expect(g.retained('A')).toBe(30);
    expect(g.retained('C')).toBe(10);
  });

  it('a node reachable only through a weak edge hangs under the root and is not retained', () => {
    // root -> A -weak-> W -> X
    const g = build(
      [root, { name: 'A' }, { name: 'W', size: 50 }, { name: 'X', size: 7 }],
      [
        { from: 0, to: 1, type: 'element', name: 1 },
        { from: 1, to: 2, type: 'weak', name: 1 },
        { from: 2, to: 3 },
      ],
    );
    expect(g.idomOf('W')).toBe('(root)');
    expect(g.idomOf('X')).toBe('W');
    expect(g.retained('A')).toBe(10);
    expect(g.retained('W')).toBe(57);
    expect(g.retained('')).toBe(67);
  });

  it('a weak edge beside a strong one changes nothing', () => {
    const g = build(
      [root, { name: 'A' }, { name: 'B' }, { name: 'T' }],
      [
        { from: 0, to: 1, type: 'element', name: 1 },
        { from: 0, to: 2, type: 'element', name: 2 },
        { from: 1, to: 3 },
        { from: 2, to: 3, type: 'weak', name: 0 },
      ],
    );
    expect(g.idomOf('T')).toBe('A');
  });

  it('shortcut edges retain only from the root', () => {
    // root -> A -> C ; root -> B -shortcut-> C. Counted, B's shortcut would make C shared.
    const g = build(
      [root, { name: 'A' }, { name: 'B' }, { name: 'C', size: 40 }, { name: 'G' }],
      [
        { from: 0, to: 1, type: 'element', name: 1 },
        { from: 0, to: 2, type: 'element', name: 2 },
        { from: 0, to: 4, type: 'shortcut', name: 'global' },
        { from: 1, to: 3 },
        { from: 2, to: 3, type: 'shortcut', name: 'alias' },
      ],
    );
    expect(g.idomOf('C')).toBe('A');
    expect(g.retained('A')).toBe(50);
    expect(g.idomOf('G')).toBe('(root)');
  });

  it('a WeakMap value is retained by its key, not by the table (ephemeron)', () => {
    // root -> holder -> table ; root -> keyHolder -> key ; table and key both point at value.
    const pair = '1 / part of key (Key @9) -> value (Value @11) pair in WeakMap (table @7)';
    const g = build(
      [
        root,
        { name: 'Holder', id: 3 },
        { name: 'KeyHolder', id: 5 },
        { name: 'Table', type: 'array', id: 7 },
        { name: 'Key', id: 9 },
        { name: 'Value', id: 11, size: 500 },
      ],
      [
        { from: 0, to: 1, type: 'element', name: 1 },
        { from: 0, to: 2, type: 'element', name: 2 },
        { from: 1, to: 3, type: 'internal', name: 'table' },
        { from: 2, to: 4, name: 'key' },
        { from: 3, to: 4, type: 'weak', name: 0 },
        { from: 3, to: 5, type: 'internal', name: pair },
        { from: 4, to: 5, type: 'internal', name: pair },
      ],
    );
    expect(g.idomOf('Value')).toBe('Key');
    expect(g.retained('Key')).toBe(510);
    // The table is Holder's store: its 10 bytes count in Holder's shallow size (shallow.ts).
    expect(g.retained('Table')).toBe(0);
    expect(g.retained('Holder')).toBe(20);
  });

  it('system references into objects owned by a global do not dominate them (page ownership)', () => {
    // root -shortcut-> global -> P ; root -> (GC roots) -> Sys -> P. P belongs to global.
    const g = build(
      [root, { name: 'global' }, { name: '(GC roots)', type: 'synthetic', size: 0 }, { name: 'Sys' }, { name: 'P', size: 90 }],
      [
        { from: 0, to: 2, type: 'element', name: 1 },
        { from: 0, to: 1, type: 'shortcut', name: 'global' },
        { from: 2, to: 3, type: 'element', name: 1 },
        { from: 2, to: 1, type: 'element', name: 2 },
        { from: 1, to: 4, name: 'p' },
        { from: 3, to: 4, type: 'internal', name: 'debug' },
      ],
    );
    expect(g.idomOf('P')).toBe('global');
    expect(g.retained('global')).toBe(100);
  });

  it('orphan cycles that nothing retains hang under the root', () => {
    const g = build(
      [root, { name: 'A' }, { name: 'X' }, { name: 'Y' }],
      [
        { from: 0, to: 1, type: 'element', name: 1 },
        { from: 2, to: 3 },
        { from: 3, to: 2 },
      ],
    );
    expect(g.idomOf('X')).toBe('(root)');
    expect(g.idomOf('Y')).toBe('(root)');
    expect(g.retained('')).toBe(30);
  });
});

/**
 * The textbook fixed point, dom(v) = {v} ∪ ⋂ dom(p) over predecessors p, on the graph DevTools
 * defines: strong edges, plus an edge from the root to every node that no strong edge retains
 * (garbage and weakly held objects hang under the root). Nodes still unreachable after that sit
 * in unretained cycles: DevTools hangs each directly under the root (null here).
 */
function naiveDominators(n: number, edges: [number, number][]): (Set<number> | null)[] {
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  const add = (a: number, b: number): void => {
    preds[b].push(a);
    succs[a].push(b);
  };
  for (const [a, b] of edges) if (a !== b) add(a, b);
  for (let v = 1; v < n; v++) if (preds[v].length === 0) add(0, v);
  const reachable = new Set([0]);
  const stack = [0];
  while (stack.length) for (const s of succs[stack.pop()!]) if (!reachable.has(s)) (reachable.add(s), stack.push(s));
  const all = new Set(reachable);
  const dom: (Set<number> | null)[] = Array.from({ length: n }, (_, v) => (v === 0 ? new Set([0]) : reachable.has(v) ? new Set(all) : null));
  for (let changed = true; changed; ) {
    changed = false;
    for (let v = 1; v < n; v++) {
      if (!reachable.has(v)) continue;
      let meet = null as Set<number> | null;
      for (const p of preds[v]) {
        if (!reachable.has(p)) continue;
        meet = meet ? new Set([...meet].filter((x) => dom[p]!.has(x))) : new Set(dom[p]);
      }
      const next = new Set(meet ?? []);
      next.add(v);
      if (next.size !== dom[v]!.size) {
        dom[v] = next;
        changed = true;
      }
    }
  }
  return dom;
}

/** A small deterministic PRNG, so a failure names a seed that reproduces it. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('dominators on random graphs', () => {
  it('equal the naive iterative algorithm on 300 random graphs', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = mulberry32(seed);
      const n = 2 + Math.floor(random() * 40);
      const m = Math.floor(random() * n * 3);
      const strong: [number, number][] = [];
      const edges: TinyEdge[] = [];
      for (let i = 0; i < m; i++) {
        const from = Math.floor(random() * n);
        const to = 1 + Math.floor(random() * (n - 1));
        const weak = from !== 0 && random() < 0.15;
        edges.push({ from, to, type: from === 0 ? 'element' : weak ? 'weak' : 'property', name: from === 0 || weak ? i : `e${i}` });
        if (!weak) strong.push([from, to]);
      }
      const nodes: TinyNode[] = [root, ...Array.from({ length: n - 1 }, (_, i) => ({ name: `n${i + 1}`, size: 1 + (i % 7) }))];
      const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
      const dom = computeDominators(snap);
      const expected = naiveDominators(n, strong);
      for (let v = 1; v < n; v++) {
        const set = expected[v];
        if (!set) {
          expect(dom.idom[v], `seed ${seed} node ${v} (unretained cycle)`).toBe(0);
          continue;
        }
        // The immediate dominator is the strict dominator that all other strict dominators dominate.
        const strict = [...set].filter((d) => d !== v);
        const idom = strict.find((d) => strict.every((o) => expected[d]!.has(o)));
        expect(dom.idom[v], `seed ${seed} node ${v}`).toBe(idom);
      }
      // Every byte is retained by the root exactly once.
      const total = nodes.reduce((sum, node) => sum + (node.size ?? 10), 0);
      expect(dom.retainedSize[0], `seed ${seed}`).toBe(total);
    }
  });
});

describe('off-heap retained bytes', () => {
  it('a long queue of Buffers: every link retains the stores after it, in a linear pass', async () => {
    const { vi } = await import('vitest');
    // root -> global -> L0 -> L1 -> ... -> L(n-1); each link holds an ArrayBuffer's backing store.
    const n = 3000;
    const nodes: TinyNode[] = [root, { name: 'global' }];
    const edges: TinyEdge[] = [{ from: 0, to: 1, type: 'shortcut', name: 'global' }];
    for (let i = 0; i < n; i++) {
      const link = nodes.length;
      nodes.push({ name: 'Link' }, { name: 'system / JSArrayBufferData', type: 'native', size: 100 });
      edges.push({ from: i === 0 ? 1 : link - 2, to: link, name: 'next' }, { from: link, to: link + 1, type: 'internal', name: 'backing_store' });
    }
    const snap = parseHeapSnapshot(tinySnapshot(nodes, edges));
    const sets = vi.spyOn(Map.prototype, 'set');
    const dom = computeDominators(snap);
    const steps = sets.mock.calls.length;
    sets.mockRestore();
    expect(dom.retainedOffHeap(2)).toBe(100 * n);
    expect(dom.retainedOffHeap(2 + 2 * (n - 1))).toBe(100);
    expect(dom.retainedOffHeap(1)).toBe(100 * n);
    // Each store once, each link once: a climb per store would take n * n / 2 = 4.5 million.
    expect(steps).toBeLessThan(4 * n);
  });
});

describe('the essential-edge bits', () => {
  it('say, edge by edge, what retains() says (the hot loop is the rule written out once more)', async () => {
    const { readHeapSnapshot, EssentialEdges } = await import('../../harness/heap/index.ts');
    for (const runtime of ['node20', 'chromium']) {
      const snap = await readHeapSnapshot(new URL(`../fixtures/${runtime}-planted.heapsnapshot.gz`, import.meta.url).pathname);
      for (const options of [{}, { ignorePageOwnership: true }]) {
        const essential = new EssentialEdges(snap, options);
        const bits = essential.bits();
        let disagree = 0;
        let ignored = 0;
        for (let from = 0; from < snap.nodeCount; from++) {
          for (let e = snap.firstEdge[from]; e < snap.firstEdge[from + 1]; e++) {
            const bit = ((bits[e >>> 3] >> (e & 7)) & 1) === 1;
            if (bit !== essential.retains(from, e)) disagree++;
            if (!bit) ignored++;
          }
        }
        expect(disagree).toBe(0);
        expect(ignored).toBeGreaterThan(100);
      }
    }
  });

  it('are the ones the retainer search follows (it writes the rule out once more): it reaches what they reach, through them only', async () => {
    const { readHeapSnapshot, EssentialEdges, computeRetainerTree, UNREACHABLE } = await import('../../harness/heap/index.ts');
    for (const runtime of ['node20', 'chromium']) {
      const snap = await readHeapSnapshot(new URL(`../fixtures/${runtime}-planted.heapsnapshot.gz`, import.meta.url).pathname);
      const essential = new EssentialEdges(snap, { ignorePageOwnership: true });
      const tree = computeRetainerTree(snap);
      let parents = 0;
      for (let node = 0; node < snap.nodeCount; node++) {
        if (tree.parentEdge[node] === UNREACHABLE) continue;
        parents++;
        expect(snap.edgeTo[tree.parentEdge[node]]).toBe(node);
        expect(essential.retains(tree.parentNode[node], tree.parentEdge[node])).toBe(true);
      }
      // Reachable from the root through retaining edges: exactly the nodes the search reached.
      const reached = new Uint8Array(snap.nodeCount);
      const stack = [snap.rootOrdinal];
      reached[snap.rootOrdinal] = 1;
      while (stack.length) {
        const from = stack.pop()!;
        for (let e = snap.firstEdge[from]; e < snap.firstEdge[from + 1]; e++) {
          const to = snap.edgeTo[e];
          if (!reached[to] && essential.retains(from, e)) {
            reached[to] = 1;
            stack.push(to);
          }
        }
      }
      for (let node = 0; node < snap.nodeCount; node++) expect(tree.distance[node] !== UNREACHABLE, `node ${node}`).toBe(reached[node] === 1);
      expect(parents).toBeGreaterThan(1000);
    }
  });
});
