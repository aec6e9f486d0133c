// npm run analyze -- <file> [--top N] [--json]
import { readHeapSnapshot } from '../harness/heap/parse.ts';
import { overview } from '../harness/heap/overview.ts';
import { formatPath } from '../harness/heap/paths.ts';
import { formatBytes, formatCount, printable, table } from '../harness/text.ts';
import { parseCommandLine, positiveInteger, printJson, runCli, UsageError } from './cli.ts';

const USAGE = 'usage: npm run analyze -- <file.heapsnapshot[.gz]> [--top N] [--json]';

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
  const top = positiveInteger(values.top, '--top', 10);
  const snap = await readHeapSnapshot(positionals[0]);
  const result = overview(snap, top);
  if (values.json) {
    await printJson(result);
    return 0;
  }
  const numeric = new Set([2, 3, 4, 5]);
  const lines = [
    `${printable(positionals[0])}: ${formatCount(result.nodes)} nodes, ${formatCount(result.edges)} edges, ` +
      `${formatBytes(result.totalSelfSize)} in all, ${formatBytes(result.offHeapSize)} of it off-heap (ArrayBuffer backing stores)`,
    '',
    `Top classes by retained size:`,
    table(
      ['class', 'type', 'count', 'shallow', 'retained', 'off-heap'],
      result.classes.slice(0, top).map((c) => [
        printable(c.name, 60),
        c.type,
        formatCount(c.count),
        formatBytes(c.selfSize),
        formatBytes(c.retainedSize),
        formatBytes(c.offHeapSize),
      ]),
      numeric,
    ),
    '',
    `Top ${result.top.length} objects by retained size:`,
    table(
      ['id', 'type', 'name', 'shallow', 'retained'],
      result.top.map((o) => [`@${o.id}`, o.type, printable(o.name, 60), formatBytes(o.selfSize), formatBytes(o.retainedSize)]),
      new Set([3, 4]),
    ),
  ];
  if (result.top.length) {
    lines.push('', `Retainer path of the largest (@${result.top[0].id}):`, `  ${printable(formatPath(result.largestPath), 2000)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
});
