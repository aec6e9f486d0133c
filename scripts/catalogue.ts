// npm run catalogue -- [--catalogue shapes|libraries|all] [--repeat N] [--only slug,slug] [--json]
// Runs the leak-shapes catalogue (test/leak-shapes/) and the real-libraries catalogue
// (test/real-libraries/) through the real harness, N times, and prints each entry's verdict,
// rate, holder and pattern, then every flip between runs.
import { SHAPES, type ShapeExpectation } from '../test/leak-shapes/catalogue.ts';
import { LIBRARY_SHAPES } from '../test/real-libraries/catalogue.ts';
import { judgeShape, type ShapeOutcome } from '../test/leak-shapes/judge.ts';
import { escapeTerminal } from '../harness/report/escape.ts';
import { formatBytes, table } from '../harness/text.ts';
import { parseCommandLine, wholeNumber, printJson, runCli, UsageError } from './cli.ts';

const USAGE = 'usage: npm run catalogue -- [--catalogue shapes|libraries|all] [--repeat N] [--only slug,slug] [--json]';

const CATALOGUES: Record<string, ShapeExpectation[]> = {
  shapes: SHAPES,
  libraries: LIBRARY_SHAPES,
  all: [...SHAPES, ...LIBRARY_SHAPES],
};

await runCli('catalogue', USAGE, async () => {
  const { values } = parseCommandLine(process.argv.slice(2), {
    catalogue: { type: 'string' },
    repeat: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n\nRuns every entry of the chosen catalogue (default all: test/leak-shapes/ and test/real-libraries/): every leak (buggy must leak with its holder named, fixed must be clean) and every trap (must be clean), N times, and lists any verdict that flips.\n`);
    return 0;
  }
  const repeat = values.repeat === undefined ? 1 : wholeNumber(values.repeat, '--repeat', 1);
  const only = typeof values.only === 'string' ? new Set(values.only.split(',')) : null;
  const name = typeof values.catalogue === 'string' ? values.catalogue : 'all';
  const catalogue = Object.hasOwn(CATALOGUES, name) ? CATALOGUES[name]! : null;
  if (!catalogue) throw new UsageError(`--catalogue must be shapes, libraries or all, not '${escapeTerminal(name, 40)}'`);
  const shapes = catalogue.filter((s) => !only || only.has(s.slug));
  if (!shapes.length) throw new UsageError(`no entry named ${values.only} in the ${name} catalogue; entries: ${catalogue.map((s) => s.slug).join(', ')}`);
  const started = performance.now();
  const runs: ShapeOutcome[][] = [];
  for (let r = 0; r < repeat; r++) {
    const outcomes: ShapeOutcome[] = [];
    for (const shape of shapes) {
      if (!values.json && process.stderr.isTTY) process.stderr.write(`\r\x1b[Krun ${r + 1}/${repeat}: ${shape.slug}`);
      outcomes.push(await judgeShape(shape));
    }
    if (!values.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    runs.push(outcomes);
    if (!values.json) {
      process.stdout.write(`Run ${r + 1} of ${repeat}\n`);
      process.stdout.write(
        `${table(
          ['shape', 'kind', 'verdict', 'fixed', 'per iteration', 'holder', 'pattern', 'right'],
          outcomes.map((o) => [
            o.slug,
            o.kind,
            `${o.verdict}${o.confidence ? ` (${o.confidence})` : ''}`,
            o.fixedVerdict ?? '',
            o.bytesPerIteration === null ? '–' : formatBytes(o.bytesPerIteration),
            escapeTerminal(o.holder, 70),
            o.pattern,
            o.problems.length ? 'NO' : 'yes',
          ]),
        )}\n`,
      );
      for (const o of outcomes) for (const p of o.problems) process.stdout.write(`  ${o.slug}: ${escapeTerminal(p, 300)}\n`);
      process.stdout.write('\n');
    }
  }
  // Flips: an entry whose verdicts (or whose being right) differ between runs.
  const flips = shapes.filter((_, i) => new Set(runs.map((run) => `${run[i].verdict}/${run[i].fixedVerdict ?? ''}/${run[i].problems.length === 0}`)).size > 1);
  const wrong = runs.flat().filter((o) => o.problems.length).length;
  const seconds = (performance.now() - started) / 1000;
  if (values.json) await printJson({ runs, flips: flips.map((s) => s.slug), wrong, seconds });
  else {
    process.stdout.write(`${shapes.length} shapes × ${repeat} run(s) in ${seconds.toFixed(0)} s: ${wrong} wrong, ${flips.length} flipped${flips.length ? `: ${flips.map((s) => s.slug).join(', ')}` : ''}\n`);
  }
  return wrong || flips.length ? 1 : 0;
});
