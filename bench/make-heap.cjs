// Builds a large, varied heap and writes its snapshot: the benchmark's input.
// Shape chosen so V8 writes it fast: many small objects with several references each
// (edges dominate a real snapshot too), arrays of references, unique strings, closures
// with contexts, Maps and ArrayBuffers. Usage: node make-heap.cjs <out.heapsnapshot> <scale>
'use strict';
const v8 = require('node:v8');
const [out, scaleArg] = process.argv.slice(2);
const scale = Number(scaleArg || 1);

class TreeNode {
  constructor(id, parent) {
    this.id = id;
    this.parent = parent;
    this.label = null;
    this.left = null;
    this.right = null;
    this.meta = null;
  }
}
class Meta {
  constructor(i) {
    this.kind = i % 7;
    this.tag = `tag-${i % 1000}`;
    this.owner = null;
  }
}
const count = Math.round(300_000 * scale);
const nodes = new Array(count);
const metas = [];
for (let i = 0; i < count; i++) {
  const node = new TreeNode(i, i ? nodes[(i - 1) >> 1] : null);
  nodes[i] = node;
  if (i) (i & 1 ? node.parent.left = node : node.parent.right = node);
  if (i % 3 === 0) node.label = `label-${i}-${(i * 2654435761 % 1e9).toString(36)}`; // unique strings
  if (i % 2 === 0) {
    const meta = new Meta(i);
    meta.owner = node;
    node.meta = meta;
    metas.push(meta);
  }
}
const buckets = [];
for (let i = 0; i < count; i += 500) buckets.push(nodes.slice(i, i + 500));
const handlers = [];
for (let i = 0; i < count / 20; i++) {
  const payload = { index: i, node: nodes[i * 7 % count] };
  handlers.push(() => payload.index + payload.node.id);
}
const maps = [];
for (let i = 0; i < count / 100; i++) {
  const m = new Map();
  for (let j = 0; j < 10; j++) m.set(`k${j}`, nodes[(i * 10 + j) % count]);
  maps.push(m);
}
const buffers = Array.from({ length: 200 }, (_, i) => new ArrayBuffer(4096 + i));
globalThis.benchHeap = { nodes, metas, buckets, handlers, maps, buffers };
v8.writeHeapSnapshot(out);
