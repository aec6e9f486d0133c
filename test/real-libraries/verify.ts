// Checks a catalogue program outside the lab: does the buggy variant really grow without bound,
// and do its fix and the traps really stay flat? It imports each variant in this process, runs
// its setup, a warm-up and a few thousand iterations, and after a full garbage collection
// prints heapUsed + external at checkpoints, then the growth per iteration from the first
// checkpoint to the last.
//
//   npx tsx test/real-libraries/verify.ts [slug|traps/slug ...] [--iterations N] [--dir test/leak-shapes]
//
// Variants of one run share this process, so each program keeps its state in its own objects
// (its own registry, store, emitter); a variant's leftovers stay flat while the next is measured.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Workload } from '../../harness/contract.ts';

setFlagsFromString('--expose-gc'); // works under plain `npx tsx` too
const gc = (globalThis.gc ?? runInNewContext('gc')) as () => void;

const WARMUP = 500; // longer than the lab's 50: JIT and lazy library state settle before the first checkpoint
const CHECKPOINTS = 5;

async function settledBytes(): Promise<number> {
  for (let k = 0; k < 3; k++) {
    await new Promise((done) => setImmediate(done)); // let callbacks and finalizers run
    gc();
  }
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

async function measure(file: string, iterations: number): Promise<number> {
  const workload = ((await import(pathToFileURL(file).href)) as { default: Workload }).default;
  await workload.setup?.();
  let i = 0;
  for (; i < WARMUP; i++) await workload.iteration(i);
  const step = iterations / (CHECKPOINTS - 1);
  const points: number[] = [await settledBytes()];
  for (let c = 1; c < CHECKPOINTS; c++) {
    for (const end = WARMUP + Math.round(c * step); i < end; i++) await workload.iteration(i);
    points.push(await settledBytes());
  }
  await workload.teardown?.();
  const perIteration = (points[points.length - 1]! - points[0]!) / iterations;
  const kib = points.map((p) => `${((p - points[0]!) / 1024).toFixed(1)}`.padStart(9)).join(' ');
  process.stdout.write(`  ${file.replace(`${process.cwd()}/`, '').padEnd(58)} Δ KiB at checkpoints:${kib}   ${perIteration.toFixed(1).padStart(8)} B/iteration\n`);
  return perIteration;
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const iterations = Number(option('--iterations') ?? 4000);
const dir = resolve(option('--dir') ?? fileURLToPath(new URL('./', import.meta.url)));
if (!Number.isSafeInteger(iterations) || iterations < CHECKPOINTS) {
  process.stderr.write('verify: --iterations must be a whole number of at least 5\n');
  process.exit(2);
}
const traps = join(dir, 'traps');
const everything = [
  ...readdirSync(dir).filter((name) => name !== 'traps' && statSync(join(dir, name)).isDirectory()),
  ...(existsSync(traps) ? readdirSync(traps).filter((name) => name.endsWith('.ts')).map((name) => `traps/${name.replace(/\.ts$/, '')}`) : []),
];
const chosen = args.length ? args : everything;
for (const slug of chosen) {
  const files = slug.startsWith('traps/') ? [join(dir, `${slug}.ts`)] : [join(dir, slug, 'buggy.ts'), join(dir, slug, 'fixed.ts')];
  if (!files.every(existsSync)) {
    process.stderr.write(`verify: no entry '${slug}' in ${dir}; entries: ${everything.join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`${slug} (${iterations} iterations after ${WARMUP} warm-up)\n`);
  for (const file of files) await measure(file, iterations);
}
process.exit(0); // a variant may leave timers armed (that is what some of them demonstrate)
