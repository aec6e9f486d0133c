// Child process of the benchmark: memlab's full load of a snapshot (parse, dominators,
// retained sizes: getFullHeapFromFile) and the largest retainer, as the analyzer's child does.
// Usage: node measure-memlab.cjs <folder memlab is installed in> <snapshot>
'use strict';
const path = require('node:path');
const [installed, file] = process.argv.slice(2);
const { getFullHeapFromFile } = require(path.join(installed, 'node_modules', '@memlab', 'heap-analysis'));
(async () => {
  const t0 = performance.now();
  const heap = await getFullHeapFromFile(file);
  let topRetained = 0;
  heap.nodes.forEach((node) => {
    if (node.retainedSize > topRetained && node.type !== 'synthetic') topRetained = node.retainedSize;
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify({ seconds, peakRss: process.resourceUsage().maxRSS * 1024, topRetained })}\n`);
})().catch((error) => {
  process.stdout.write(`${JSON.stringify({ seconds: 0, peakRss: 0, error: String(error.message).split('\n')[0] })}\n`);
});
