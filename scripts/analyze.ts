// npm run analyze -- <file> [--top N] [--json]
import { overview, readHeapSnapshot } from '../harness/heap/index.ts';
import { overviewSummary } from '../harness/report/terminal.ts';
import { commandUsage, parseCommandLine, wholeNumber, printJson, runCli, UsageError } from './cli.ts';

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
    process.stdout.write(`${USAGE}\n\nTotals, the top classes, the N objects with the largest retained size\n(default 10) and the retainer path of the largest. --json prints one document.\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one snapshot file' : 'no snapshot file given');
  const top = wholeNumber(values.top, '--top', 10);
  const snap = await readHeapSnapshot(positionals[0]);
  performance.mark('oomlab:parsed');
  const result = overview(snap, top);
  if (values.json) await printJson(result);
  else process.stdout.write(`${overviewSummary(positionals[0], result, top)}\n`);
  performance.mark('oomlab:printed');
  return 0;
});
