// npm run diff -- <before> <after> [<later>] [--top N] [--json]
import { readHeapSnapshot } from '../harness/heap/parse.ts';
import { diffByClass } from '../harness/heap/diff.ts';
import { threeWayDiff } from '../harness/heap/overview.ts';
import { formatPath } from '../harness/heap/paths.ts';
import { formatBytes, formatCount, printable, table } from '../harness/text.ts';
import { parseCommandLine, positiveInteger, printJson, runCli, UsageError } from './cli.ts';

const USAGE = 'usage: npm run diff -- <S0> <S1> [<S2>] [--top N] [--json]';

await runCli('diff', USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    top: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(
      `${USAGE}\n\nTwo snapshots of one process: per class, objects new and deleted and the size delta.\n` +
        `Three: the survivors, objects first seen after S0 and still alive in S2, by class.\n`,
    );
    return 0;
  }
  if (positionals.length < 2 || positionals.length > 3) throw new UsageError('give two or three snapshot files of one process');
  const top = positiveInteger(values.top, '--top', 15);
  const snaps = [];
  for (const file of positionals) snaps.push(await readHeapSnapshot(file));
  if (snaps.length === 2) {
    const classes = diffByClass(snaps[0], snaps[1]);
    if (values.json) {
      await printJson({ mode: 'diff', classes });
      return 0;
    }
    const changed = classes.filter((c) => c.added || c.deleted);
    process.stdout.write(
      `Classes by size delta (${formatCount(changed.length)} changed):\n` +
        table(
          ['class', 'type', 'new', 'deleted', 'count delta', 'size delta'],
          changed.slice(0, top).map((c) => [
            printable(c.name, 60),
            c.type,
            formatCount(c.added),
            formatCount(c.deleted),
            signed(c.countDelta),
            formatBytes(c.sizeDelta),
          ]),
          new Set([2, 3, 4, 5]),
        ) +
        '\n',
    );
    return 0;
  }
  const result = threeWayDiff(snaps[0], snaps[1], snaps[2]);
  if (values.json) {
    await printJson({ mode: 'survivors', ...result });
    return 0;
  }
  const lines = [
    `${formatCount(result.survivors.count)} objects first seen after S0 are still alive in S2. By class:`,
    table(
      ['class', 'type', 'new in S1', 'alive in S2', 'shallow', 'retained', 'off-heap'],
      result.classes.slice(0, top).map((c) => [
        printable(c.name, 60),
        c.type,
        formatCount(c.newInS1),
        formatCount(c.count),
        formatBytes(c.selfSize),
        formatBytes(c.retainedSize),
        formatBytes(c.offHeapSize),
      ]),
      new Set([2, 3, 4, 5, 6]),
    ),
  ];
  if (result.path.length) lines.push('', 'Retainer path of the largest survivor of the top class:', `  ${printable(formatPath(result.path), 2000)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
});

function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}
