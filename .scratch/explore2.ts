import { readHeapSnapshot } from '/work/main/harness/heap/index.ts';
const snap = await readHeapSnapshot(process.argv[2]);
const id = Number(process.argv[3]);
const depth = Number(process.argv[4] ?? 2);
const seen = new Set<number>();
const show = (ord: number, d: number, indent: string) => {
  if (d > depth || seen.has(ord)) return; seen.add(ord);
  for (let e = snap.firstEdge[ord]; e < snap.firstEdge[ord + 1]; e++) {
    const to = snap.edgeTo[e];
    console.log(`${indent}${snap.edgeTypeName(e)}:${snap.edgeName(e).slice(0,40)} => ${snap.typeName(to)}:${snap.name(to).slice(0,80)} #${snap.id(to)}`);
    if (snap.typeName(to) !== 'object shape') show(to, d + 1, indent + '    ');
  }
};
show(snap.ordinalOfId(id), 0, '');
