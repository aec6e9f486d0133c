// oomlab run <workload> [--iterations N] [--warmup N] [--budget BYTES] [--alloc-stacks] [--json]
// One workload, no pair: is it a leak? Exit 0 clean, 1 leak (or over the budget), 2 cannot run.
import { runWorkload, WorkloadError, type WorkloadResult } from '../harness/lab/run-workload.ts';
import { workloadSummary } from '../harness/report/terminal.ts';
import { commandUsage, parseCommandLine, wholeNumber, printJson, runCli, UsageError } from './cli.ts';

const USAGE = commandUsage('run', '<workload.ts|.mts|.js|.mjs> [--iterations N] [--warmup N] [--budget BYTES] [--alloc-stacks] [--json]');

const HELP = `${USAGE}

Runs one workload (a module that default-exports { setup?, iteration(i), teardown? }) in a
fresh process, takes five heap snapshots, and says whether it leaks: the bytes it keeps per
iteration, what grows, who holds it and, with --alloc-stacks, where it was allocated.

  --iterations N     iterations per measured interval (default 200; four intervals)
  --warmup N         iterations before the first snapshot (default 50)
  --time-limit S     seconds the whole run may take (default 60)
  --budget BYTES     also fail above this many bytes per iteration, even below the leak
                     verdict (for a slow creep a team tracks)
  --alloc-stacks     record allocation stacks (slower)
  --json             print one JSON document and nothing else
Exit code: 0 clean, 1 leak or over the budget, 2 when it cannot run (or for usage errors).`;

await runCli('run', USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    iterations: { type: 'string' },
    warmup: { type: 'string' },
    'time-limit': { type: 'string' },
    budget: { type: 'string' },
    'alloc-stacks': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give one workload file' : 'which workload? give its file');
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && !(typeof values.budget === 'string' && /^\d+(\.\d+)?$/.test(values.budget))) {
    throw new UsageError(`--budget takes bytes per iteration (a number), not '${String(values.budget)}'`);
  }
  const showProgress = !values.json && process.stderr.isTTY === true;
  let result: WorkloadResult;
  try {
    result = await runWorkload(positionals[0], {
      iterations: values.iterations === undefined ? undefined : wholeNumber(values.iterations, '--iterations', 1),
      warmup: values.warmup === undefined ? undefined : wholeNumber(values.warmup, '--warmup', 0, 0),
      timeLimitMs: values['time-limit'] === undefined ? undefined : wholeNumber(values['time-limit'], '--time-limit', 1) * 1000,
      budget,
      allocationStacks: Boolean(values['alloc-stacks']),
      onProgress: showProgress
        ? (phase, iteration, total) => process.stderr.write(`\r\x1b[K${phase === 'analysis' ? 'analysing' : `${phase === 'progress' ? 'running' : phase} ${iteration}/${total}`}`)
        : undefined,
    });
  } catch (error) {
    if (error instanceof WorkloadError) throw new UsageError(error.message);
    throw error;
  } finally {
    if (showProgress) process.stderr.write('\r\x1b[K');
  }
  if (values.json) await printJson(result);
  else process.stdout.write(`${workloadSummary(result)}\n`);
  return result.ok ? 0 : result.verdict === 'leak' || result.verdict === 'clean' ? 1 : 2;
});
