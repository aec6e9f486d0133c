// Who holds most of a class's members, on graphs built by hand: each test states the holder
// the largest group must get and how many members it holds.
import { describe, expect, it } from 'vitest';
import { HeapAnalysis, holderText, largestGroup, parseHeapSnapshot, programPath } from '../../harness/heap/index.ts';
import { tinySnapshot, type TinyEdge, type TinyNode } from '../helpers/tiny-snapshot.ts';

const root: TinyNode = { name: '', type: 'synthetic', size: 0 };

/** Builds the graph; returns the analysis and each node's ordinal by its name. */
function graph(nodes: TinyNode[], edges: TinyEdge[]): { analysis: HeapAnalysis; at: (name: string) => number } {
  const analysis = new HeapAnalysis(parseHeapSnapshot(tinySnapshot(nodes, edges)));
  return { analysis, at: (name) => nodes.findIndex((n) => n.name === name) };
}

describe('the largest group of members by holder', () => {
  it('a dictionary of entries under distinct keys holds them all; the boilerplate the engine keeps does not vote', () => {
    // global -> registry (Object) -> properties store -> Entry ×6 under distinct keys
    // global -> process -> memoryUsage() -> FeedbackVector (code) -> AllocationSite (code) -> Entry (boilerplate)
    const nodes: TinyNode[] = [
      root,
      { name: 'global' },
      { name: 'Registry' },
      { name: 'system / PropertyArray', type: 'hidden' },
      ...Array.from({ length: 6 }, (_, i) => ({ name: `Entry${i}` })),
      { name: 'process' },
      { name: 'memoryUsage', type: 'closure' },
      { name: 'system / FeedbackVector', type: 'code' },
      { name: 'system / AllocationSite', type: 'code' },
      { name: 'Boilerplate', size: 500 },
    ];
    const edges: TinyEdge[] = [
      { from: 0, to: 1, type: 'shortcut', name: 'global' },
      { from: 1, to: 2, name: 'registry' },
      { from: 2, to: 3, type: 'internal', name: 'properties' },
      ...Array.from({ length: 6 }, (_, i) => ({ from: 3, to: 4 + i, name: `route:/orders/${i}` })),
      { from: 1, to: 10, name: 'process' },
      { from: 10, to: 11, name: 'memoryUsage' },
      { from: 11, to: 12, type: 'internal', name: 'feedback_cell' },
      { from: 12, to: 13, type: 'internal', name: '3' },
      { from: 13, to: 14, type: 'internal', name: 'transition_info' },
    ];
    const { analysis, at } = graph(nodes, edges);
    const members = [...Array.from({ length: 6 }, (_, i) => at(`Entry${i}`)), at('Boilerplate')];
    const group = largestGroup(analysis, members)!;
    expect(group.holder).toBe(at('system / PropertyArray'));
    expect(group).toMatchObject({ count: 6, of: 6 });
    const path = programPath(analysis.snapshot, analysis.retainers, null, group.representative);
    expect(holderText(path, analysis.snapshot.nodeId[group.holder])).toBe('globalThis.registry[…]');
  });

  it('names the largest of a scope’s three collections, with its share', () => {
    // global -> a (5 members), b (3), c (2): the scope is not the holder, `a` is.
    const sizes = { a: 5, b: 3, c: 2 };
    const nodes: TinyNode[] = [root, { name: 'global' }];
    const edges: TinyEdge[] = [{ from: 0, to: 1, type: 'shortcut', name: 'global' }];
    for (const [name, count] of Object.entries(sizes)) {
      const set = nodes.push({ name: `Set ${name}` }) - 1;
      edges.push({ from: 1, to: set, name });
      for (let i = 0; i < count; i++) {
        const member = nodes.push({ name: `Ticket ${name}${i}` }) - 1;
        edges.push({ from: set, to: member, type: 'element', name: i });
      }
    }
    const { analysis, at } = graph(nodes, edges);
    const members = nodes.map((_, i) => i).filter((i) => nodes[i].name.startsWith('Ticket'));
    expect(largestGroup(analysis, members)).toMatchObject({ holder: at('Set a'), count: 5, of: 10 });
  });

  it('an array of small wrappers, two members each, is the holder, not one wrapper', () => {
    const nodes: TinyNode[] = [root, { name: 'global' }, { name: 'Array' }];
    const edges: TinyEdge[] = [
      { from: 0, to: 1, type: 'shortcut', name: 'global' },
      { from: 1, to: 2, name: 'requests' },
    ];
    const members: number[] = [];
    for (let i = 0; i < 8; i++) {
      const wrapper = nodes.push({ name: `Request${i}` }) - 1;
      edges.push({ from: 2, to: wrapper, type: 'element', name: i });
      for (const part of ['head', 'body']) {
        const member = nodes.push({ name: `Buffer ${i}${part}` }) - 1;
        edges.push({ from: wrapper, to: member, name: part });
        members.push(member);
      }
    }
    const { analysis, at } = graph(nodes, edges);
    const group = largestGroup(analysis, members)!;
    expect(group).toMatchObject({ holder: at('Array'), count: 16, of: 16 });
    const path = programPath(analysis.snapshot, analysis.retainers, null, group.representative);
    expect(holderText(path, analysis.snapshot.nodeId[group.holder])).toMatch(/^globalThis\.requests\[…\]\.(head|body)$/);
  });

  it('below the holder, every index is one entry’s and reads […]; a property name only as the first key', () => {
    const step = (id: number, type: string, name: string, edge?: [string, string]) => ({ ...(edge ? { edge: { type: edge[0], name: edge[1] } } : {}), node: { id, type: 'object', name, className: name } });
    const path = [
      step(1, 'object', 'global'),
      step(3, 'object', 'Emitter', ['property', 'lifecycle']),
      step(5, 'object', 'Object', ['property', '_events']),
      step(7, 'object', 'Array', ['property', 'error']),
      step(9, 'object', 'Object', ['element', '130']),
      step(11, 'object', 'Function', ['property', 'listener']),
    ];
    expect(holderText(path, 5)).toBe('globalThis.lifecycle._events[…][…].listener');
  });

  it('a linked list of members votes through its head: the list is the holder', () => {
    // global -> list -> m0 -> m1 -> m2 -> m3 (each member dominates the next)
    const nodes: TinyNode[] = [root, { name: 'global' }, { name: 'TimersList' }, ...Array.from({ length: 4 }, (_, i) => ({ name: `Timeout${i}` }))];
    const edges: TinyEdge[] = [
      { from: 0, to: 1, type: 'shortcut', name: 'global' },
      { from: 1, to: 2, name: 'list' },
      { from: 2, to: 3, name: '_idlePrev' },
      { from: 3, to: 4, name: '_idlePrev' },
      { from: 4, to: 5, name: '_idlePrev' },
      { from: 5, to: 6, name: '_idlePrev' },
    ];
    const { analysis, at } = graph(nodes, edges);
    const members = [3, 4, 5, 6];
    expect(largestGroup(analysis, members)).toMatchObject({ holder: at('TimersList'), count: 4, of: 4 });
  });

  it('a lone member is held by what dominates it; only the engine holding every member still answers', () => {
    const nodes: TinyNode[] = [root, { name: 'global' }, { name: 'f', type: 'closure' }, { name: 'system / AllocationSite', type: 'code' }, { name: 'Object' }];
    const edges: TinyEdge[] = [
      { from: 0, to: 1, type: 'shortcut', name: 'global' },
      { from: 1, to: 2, name: 'f' },
      { from: 2, to: 3, type: 'internal', name: 'feedback' },
      { from: 3, to: 4, type: 'internal', name: 'transition_info' },
    ];
    const { analysis, at } = graph(nodes, edges);
    expect(largestGroup(analysis, [at('Object')])).toMatchObject({ holder: at('system / AllocationSite'), count: 1, of: 1 });
    expect(largestGroup(analysis, [])).toBeNull();
  });
});
