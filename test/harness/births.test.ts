// The culprit is what the program keeps making (verdict/growth.ts, startOfDescent), on five
// hand-built snapshots S0..S4 whose answer we know. Ids say when each object was made: V8
// numbers heap objects with odd ids in increasing order; native objects have even ids that
// are no sequence (Node 20 writes truncated addresses).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureGrowth } from '../../harness/verdict/growth.ts';
import { tinySnapshot, type TinyEdge, type TinyNode } from '../helpers/tiny-snapshot.ts';
import { scratchDir } from '../helpers/scratch.ts';

interface Made {
  name: string;
  id: number;
  size: number;
  type?: string;
  /** Interval it was made in (0: before S0). */
  at: number;
  /** Index in the list of the object that holds it; the registry when absent. */
  heldBy?: number;
}

/** S0..S4, each with what was made up to it, all held by one registry under the root. */
function snapshots(made: Made[]): string[] {
  const dir = scratchDir('oomlab-births-');
  return [0, 1, 2, 3, 4].map((k) => {
    const alive = made.filter((m) => m.at <= k);
    const nodes: TinyNode[] = [
      { name: '', type: 'synthetic', id: 1, size: 0 },
      { name: 'Registry', id: 3 },
      ...alive.map((m) => ({ name: m.name, id: m.id, size: m.size, type: m.type })),
    ];
    const ordinal = (m: Made): number => 2 + alive.indexOf(m);
    const edges: TinyEdge[] = [{ from: 0, to: 1, type: 'shortcut', name: 'registry' }];
    for (const m of alive) {
      const holder = m.heldBy === undefined ? 1 : ordinal(made[m.heldBy]);
      edges.push({ from: holder, to: ordinal(m), type: m.heldBy === undefined ? 'property' : 'internal', name: `e${m.id}` });
    }
    const file = join(dir, `s${k}.heapsnapshot`);
    writeFileSync(file, tinySnapshot(nodes, edges));
    return file;
  });
}

describe('the culprit among what outlived an interval', () => {
  // Two records per interval (50 B each); twenty LazyRows (100 B each) filled once, in the
  // second interval; a Pool in each of the first two intervals, each owning a 3,000-byte
  // native store whose even id is no sequence (one above every odd id, one below them all).
  const made: Made[] = [];
  for (const at of [1, 2, 3, 4]) made.push({ name: 'Record', id: at * 100 + 1, size: 50, at }, { name: 'Record', id: at * 100 + 3, size: 50, at });
  made.push({ name: 'Pool', id: 105, size: 50, at: 1 });
  made.push({ name: 'system / JSArrayBufferData', type: 'native', id: 2_000_000_000, size: 3_000, at: 1, heldBy: made.length - 1 });
  made.push({ name: 'Pool', id: 205, size: 50, at: 2 });
  made.push({ name: 'system / JSArrayBufferData', type: 'native', id: 1_000, size: 3_000, at: 2, heldBy: made.length - 1 });
  for (let r = 0; r < 20; r++) made.push({ name: 'LazyRow', id: 207 + 2 * r, size: 100, at: 2 });

  it('is what is made in more than one interval, natives counted when their owner was made; not a bigger one-time step', async () => {
    const growth = await measureGrowth(snapshots(made), [], [200, 200, 200, 200]);
    const rows = growth.classes.find((c) => c.name === 'LazyRow')!;
    expect(rows.persistentBytes).toBe(2_000);
    // The pools win (made in two intervals of three, 15.25 B/iteration outside their biggest
    // interval, against the records' 1 and the step's 0) and give way to the stores they keep.
    expect(growth.culprit!.name).toBe('system / JSArrayBufferData');
    expect(growth.culprit!.count).toBe(2);
  });

  it('without the pools, the records: made in every interval, though the step retains more', async () => {
    const growth = await measureGrowth(snapshots(made.filter((m) => m.name !== 'Pool' && m.heldBy === undefined)), [], [200, 200, 200, 200]);
    expect(growth.culprit!.name).toBe('Record');
    // Made in intervals 1 to 3 and outliving one: the last interval's are recent.
    expect(growth.culprit!.count).toBe(6);
  });
});
