import { readHeapSnapshot, Analysis, retainerPath, formatPath } from '/work/main/harness/heap/index.ts';
const snap = await readHeapSnapshot(process.argv[2]);
const a = new Analysis(snap);
// find Entry nodes
let target = -1;
for (let n = 0; n < snap.nodeCount; n++) if (snap.className(n) === 'Entry') { target = n; break; }
const path = retainerPath(snap, a.retainers, target);
for (const s of path) console.log(s.edge ? `${s.edge.type}:${s.edge.name}` : '', '->', s.node.type, s.node.name, '#' + s.node.id);
// describe each Context on path: its edges
const describe = (ord: number) => {
  const out: string[] = [];
  for (let e = snap.firstEdge[ord]; e < snap.firstEdge[ord + 1]; e++) out.push(`${snap.edgeTypeName(e)}:${snap.edgeName(e).slice(0,40)}=>${snap.typeName(snap.edgeTo[e])}:${snap.name(snap.edgeTo[e]).slice(0,60)}`);
  return out;
};
for (const s of path) if (s.node.name === 'system / Context') { console.log('CONTEXT', s.node.id); for (const l of describe(snap.ordinalOfId(s.node.id)).slice(0, 30)) console.log('   ', l); }
// who refers to the last Context (retainers)
const ctxId = [...path].reverse().find((s) => s.node.name === 'system / Context')!.node.id;
const ctx = snap.ordinalOfId(ctxId);
for (let n = 0; n < snap.nodeCount; n++) for (let e = snap.firstEdge[n]; e < snap.firstEdge[n+1]; e++) if (snap.edgeTo[e] === ctx) console.log('retainer', snap.typeName(n), snap.name(n).slice(0,60), snap.edgeTypeName(e), snap.edgeName(e));
