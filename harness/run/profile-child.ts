// The workload under a profiler: setup, then iterations for a fixed time, yielding to the
// event loop as a server would between requests, then teardown and a clean exit, so that
// the profiler sees the whole run and writes its report.
// Usage: node --import tsx profile-child.ts <variant file> <seconds> [max iterations]

import { pathToFileURL } from 'node:url';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Workload } from '../contract.ts';

const [variantPath, secondsArgument, maxArgument] = process.argv.slice(2);
const seconds = Number(secondsArgument ?? 10);
const maxIterations = Number(maxArgument ?? Number.MAX_SAFE_INTEGER);

const module = (await import(pathToFileURL(variantPath).href)) as { default?: Workload };
const workload = module.default;
if (!workload || typeof workload.iteration !== 'function') {
  process.stderr.write(`${variantPath} must default-export a workload: an object with an iteration(i) function\n`);
  process.exit(2);
}
await workload.setup?.();
const end = performance.now() + seconds * 1000;
let i = 0;
while (performance.now() < end && i < maxIterations) {
  await workload.iteration(i++);
  if (i % 20 === 0) await nextTurn();
}
await workload.teardown?.();
process.stdout.write(`${i} iterations; metrics ${JSON.stringify(workload.metrics?.() ?? {})}\n`);
