// Child process of the benchmark: parse + dominators + retained sizes + top list, timed,
// with the process's peak resident memory. Prints one JSON line.
import { HeapAnalysis, readHeapSnapshot, summarizeClasses, topRetainers } from '../harness/heap/index.ts';

const file = process.argv[2];
const t0 = performance.now();
const snap = await readHeapSnapshot(file);
const t1 = performance.now();
const analysis = new HeapAnalysis(snap);
const dom = analysis.dominators;
const t2 = performance.now();
const top = topRetainers(analysis, 10);
const classes = summarizeClasses(analysis);
const t3 = performance.now();
process.stdout.write(
  `${JSON.stringify({
    seconds: (t3 - t0) / 1000,
    parseSeconds: (t1 - t0) / 1000,
    dominatorSeconds: (t2 - t1) / 1000,
    summarySeconds: (t3 - t2) / 1000,
    peakRss: process.resourceUsage().maxRSS * 1024,
    nodes: snap.nodeCount,
    edges: snap.edgeCount,
    topRetained: dom.retainedSize[top[0]],
    classes: classes.length,
  })}\n`,
);
