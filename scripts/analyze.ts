// npm run analyze -- <file> [--top N] [--json]
import { HeapAnalysis, overview, readHeapSnapshot, type Holder } from '../harness/heap/index.ts';
import { recognisePattern } from '../harness/verdict/patterns.ts';
import { overviewSummary } from '../harness/report/terminal.ts';
import { commandUsage, parseCommandLine, wholeNumber, printJson, runCli, UsageError } from './cli.ts';

/**
 * Shapes that say something grows: one snapshot cannot show growth, so they are not claimed
 * from it (every object on a path would be "an unbounded object").
 */
const GROWTH_SHAPES = new Set(['unbounded-collection', 'property-dictionary']);

// Phases as performance marks, for `npm run bench` (each is a timestamp from process start).
performance.mark('oomlab:started');

const USAGE = commandUsage('analyze', '<file.heapsnapshot[.gz]> [--top N] [--json]');

await runCli('analyze', USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    top: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(
      `${USAGE}\n\nWho holds the heap, named the way the program names it (a module's variable, a\nclosure's, a property chain), with each one's share and the leak shape when one fits; then\ntotals, the top classes, the N objects with the largest retained size (default 10) and the\nretainer path of the largest. --json prints one document (holders: [{ holder, retainedSize,\nshare, pattern? }], largest first).\n`,
    );
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one snapshot file' : 'no snapshot file given');
  const top = wholeNumber(values.top, '--top', 10);
  const snap = await readHeapSnapshot(positionals[0]);
  performance.mark('oomlab:parsed');
  const analysis = new HeapAnalysis(snap);
  const { holders: found, ...result } = overview(snap, top, analysis);
  const holders = found.map(holderEntry);
  if (values.json) await printJson({ holders, ...result });
  else process.stdout.write(`${overviewSummary(positionals[0], result, top, holders)}\n`);
  performance.mark('oomlab:printed');
  return 0;
});

/** A holder as `analyze` reports it, with the leak shape its path and class suggest, if any. */
function holderEntry(h: Holder): { holder: string; retainedSize: number; share: number; pattern?: string } {
  const pattern = recognisePattern(
    { culprit: { type: 'object', name: h.className, count: 1, path: h.path, holder: h.holder }, containers: [], classes: [] },
    h.path,
    h.holder,
  );
  const shown = pattern && !GROWTH_SHAPES.has(pattern.id) ? pattern : null;
  return { holder: h.holder, retainedSize: h.retainedSize, share: h.share, ...(shown ? { pattern: shown.sentence } : {}) };
}
