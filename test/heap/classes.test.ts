import { describe, expect, it } from 'vitest';
import { HeapAnalysis, parseHeapSnapshot } from '../../harness/heap/index.ts';
import { tinySnapshot, type TinyEdge, type TinyNode } from '../helpers/tiny-snapshot.ts';

describe('the class index', () => {
  it('keeps every class apart past 65,536 of them (the 16-bit column widens)', () => {
    const count = 70_000;
    const nodes: TinyNode[] = [{ name: '', type: 'synthetic', size: 0 }];
    const edges: TinyEdge[] = [];
    for (let i = 1; i <= count; i++) {
      nodes.push({ name: `Class${i}` });
      edges.push({ from: 0, to: i, type: 'element', name: i });
    }
    const analysis = new HeapAnalysis(parseHeapSnapshot(tinySnapshot(nodes, edges)));
    const { classOfNode, names } = analysis.classes;
    expect(names.length).toBe(count + 1);
    expect(classOfNode).toBeInstanceOf(Uint32Array);
    for (const node of [1, 65_535, 65_536, 65_537, count]) expect(names[classOfNode[node]]).toBe(`Class${node}`);
  });
});
