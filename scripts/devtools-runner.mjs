// Child of scripts/devtools-oracle.ts: loads one heap snapshot with Chrome DevTools' own
// heap-snapshot worker code (bundled unmodified from chrome-devtools-frontend) and prints, as
// one JSON line, [id, shallow size, retained size] of its `top` largest retainers.
// Usage: node devtools-runner.mjs <devtools bundle> <snapshot[.gz]> <top>
import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';

// DevTools targets current Chrome; Node 20 lacks this one built-in it uses.
Promise.withResolvers ??= function withResolvers() {
  let resolve;
  let reject;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};

const [bundle, file, topArg] = process.argv.slice(2);
const { HeapSnapshotLoader, HeapSnapshot } = await import(pathToFileURL(bundle).href);

const loader = new HeapSnapshotLoader.HeapSnapshotLoader({ sendEvent() {} });
let input = createReadStream(file);
if (file.endsWith('.gz')) input = input.pipe(createGunzip());
input.setEncoding('utf8');
for await (const chunk of input) loader.write(chunk);
loader.close();

// DevTools splits the work between two workers; a channel in this thread stands in for it.
const { port1, port2 } = new MessageChannel();
new HeapSnapshot.SecondaryInitManager(port2);
const snapshot = await loader.buildSnapshot(port1);
port1.close();
port2.close();

const node = snapshot.createNode(0);
const rows = [];
for (let ordinal = 0; ordinal < snapshot.nodeCount; ordinal++) {
  node.nodeIndex = ordinal * snapshot.nodeFieldCount;
  rows.push([node.id(), node.selfSize(), node.retainedSize()]);
}
rows.sort((a, b) => b[2] - a[2] || a[0] - b[0]);
process.stdout.write(`${JSON.stringify(rows.slice(0, Number(topArg)))}\n`);
