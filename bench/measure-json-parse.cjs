// Child process of the benchmark: the baseline, reading the whole file and JSON.parse-ing it.
'use strict';
const { readFileSync } = require('node:fs');
const t0 = performance.now();
let nodes = 0;
let error = null;
try {
  const snapshot = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  nodes = snapshot.snapshot.node_count;
} catch (e) {
  error = String(e.message).split('\n')[0];
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, peakRss: process.resourceUsage().maxRSS * 1024, nodes, error })}\n`);
