// npm run diff -- <before> <after> [<later>] [--top N] [--json]
import { basename } from 'node:path';
import { diffByClass, readHeapSnapshot, threeWayDiff } from '../harness/heap/index.ts';
import { classDiffSummary, survivorsSummary } from '../harness/report/terminal.ts';
import { commandUsage, parseCommandLine, wholeNumber, printJson, runCli, UsageError } from './cli.ts';

const USAGE = commandUsage('diff', '<S0> <S1> [<S2>] [--top N] [--json]');

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
  const top = wholeNumber(values.top, '--top', 15);
  // Columns are named after the files given (s2, before, after…), not S0/S1/S2 whatever they are.
  const short = positionals.map((file) => basename(file).replace(/\.heapsnapshot(\.gz)?$/, ''));
  const labels = new Set(short).size === short.length ? short : positionals;
  const snaps = [];
  for (const file of positionals) snaps.push(await readHeapSnapshot(file));
  if (snaps.length === 2) {
    const classes = diffByClass(snaps[0], snaps[1]);
    if (values.json) {
      await printJson({ mode: 'diff', classes });
      return 0;
    }
    process.stdout.write(`${classDiffSummary(classes, top, labels)}\n`);
    return 0;
  }
  const result = threeWayDiff(snaps[0], snaps[1], snaps[2]);
  if (values.json) {
    await printJson({ mode: 'survivors', ...result });
    return 0;
  }
  process.stdout.write(`${survivorsSummary(result, top, labels)}\n`);
  return 0;
});
