// A long linked list, as a queue that is never drained: each link holds a small Buffer (its
// own ArrayBuffer and backing store), or nothing. Off-heap retained sizes must stay linear
// however deep the chain above each store. Usage: node make-chain.cjs <out.heapsnapshot> <length> <buffers: 0|1>
'use strict';
const v8 = require('node:v8');
const [out, lengthArg, buffersArg] = process.argv.slice(2);
const length = Number(lengthArg || 32000);
const withBuffers = buffersArg === '1';
let head = null;
for (let i = 0; i < length; i++) head = { next: head, id: i, payload: withBuffers ? Buffer.alloc(16, i & 0xff) : null };
globalThis.benchChain = head;
v8.writeHeapSnapshot(out);
