import { readHeapSnapshot } from '/work/main/harness/heap/index.ts';
const snap = await readHeapSnapshot(process.argv[2]);
const target = snap.ordinalOfId(Number(process.argv[3]));
for (let n = 0; n < snap.nodeCount; n++) for (let e = snap.firstEdge[n]; e < snap.firstEdge[n+1]; e++) if (snap.edgeTo[e] === target) console.log('retainer', snap.typeName(n), snap.name(n).slice(0,60), '#'+snap.id(n), snap.edgeTypeName(e), snap.edgeName(e));
