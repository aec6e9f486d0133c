// oomlab attach <pid | host:port> (--drive "<command>" | --every <duration>) [--rounds N] [--json]
// A running process, not restarted: is it leaking? Exit 0 clean, 1 leak, 2 cannot run.
import { constants } from 'node:os';
import { ATTACH_DEFAULTS, AttachError, detachActive, runAttach, type AttachResult, type AttachTarget } from '../harness/lab/attach.ts';
import { escapeTerminal } from '../harness/report/escape.ts';
import { attachSummary } from '../harness/report/terminal.ts';
import { commandUsage, parseCommandLine, printJson, runCli, UsageError, wholeNumber } from './cli.ts';

const USAGE = commandUsage('attach', '<pid | host:port> (--drive "<command>" | --every <duration>) [--rounds N] [--json]');

const HELP = `${USAGE}

Judges a Node process that is already running and must not be restarted. Its inspector is
found among the ports the process listens on (Linux /proc) and used if it is open already;
otherwise opened the way \`node inspect -p <pid>\` opens it (SIGUSR1, on its --inspect-port,
9229 by default) and found there. Where /proc cannot be read, only 127.0.0.1:9229 is tried:
give the host:port of an inspector already open instead. Then, N rounds: a full collection and a heap snapshot (streamed to a temp
folder), then the --drive command run to its end (a load generator, a test script), or a
wait of --every; and a last snapshot. It says whether the process leaks, in bytes per round
and per minute, what grows and who holds it.

The process is left as it was found: never stopped, and an inspector oomlab opened is closed
again at the end (also on Ctrl-C). While the run lasts, anyone who can reach that inspector
port can run code in the process: a security exposure, so attach where that port is private.

  --drive CMD        a shell command run between snapshots (exit code 0 expected)
  --every DURATION   or a wait between snapshots: 30s, 2m, 500ms (a number alone is seconds)
  --rounds N         rounds (default ${ATTACH_DEFAULTS.rounds}; snapshots are one more)
  --json             print one JSON document and nothing else
Exit code: 0 clean, 1 leak, 2 when it cannot run (no such process, no inspector, a failed
--drive) or for usage errors.`;

function parseTarget(text: string): AttachTarget {
  if (/^\d+$/.test(text)) return { pid: wholeNumber(text, 'the pid', 1) };
  const match = /^(\[[^\]]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
  if (!match || Number(match[2]) > 65535 || Number(match[2]) < 1) throw new UsageError(`give a process id or host:port of an open inspector, not '${text.slice(0, 80)}'`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!match) throw new UsageError(`--every takes a duration (30s, 2m, 500ms), not '${text.slice(0, 40)}'`);
  const ms = Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  if (!(ms >= 1)) throw new UsageError('--every must be at least 1 ms');
  return ms;
}

// Stopped mid-run: close the inspector we opened before ending, as promised.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    void detachActive().finally(() => process.exit(128 + constants.signals[signal]));
  });
}

await runCli('attach', USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    drive: { type: 'string' },
    every: { type: 'string' },
    rounds: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('give one process id, or the host:port of an open inspector');
  const target = parseTarget(positionals[0]);
  const drive = typeof values.drive === 'string' ? values.drive : undefined;
  const everyMs = typeof values.every === 'string' ? parseDuration(values.every) : undefined;
  if ((drive === undefined) === (everyMs === undefined)) throw new UsageError('give either --drive "<command>" or --every <duration>');
  const rounds = wholeNumber(values.rounds, '--rounds', ATTACH_DEFAULTS.rounds, 2);
  const showProgress = !values.json && process.stderr.isTTY === true;
  let result: AttachResult;
  try {
    result = await runAttach(target, {
      drive,
      everyMs,
      rounds,
      onAttached: ({ pid, address, opened }) =>
        process.stderr.write(
          `attach: the inspector of process ${pid} is open on ${address}${opened ? ' (opened by oomlab; closed at the end)' : ' (it was open before; left open)'}: while it is, anyone who can reach that port can run code in the process.\n`,
        ),
      onProgress: showProgress ? (phase, round, total) => process.stderr.write(`\r\x1b[K${phase} ${round}/${total}`) : undefined,
    });
  } catch (error) {
    if (error instanceof AttachError || (error instanceof Error && error.name === 'InspectorError')) {
      // The message may carry what a foreign endpoint answered: escaped for the terminal.
      process.stderr.write(`attach: ${escapeTerminal(error.message, 2000)}\n`);
      return 2;
    }
    throw error;
  } finally {
    if (showProgress) process.stderr.write('\r\x1b[K');
  }
  if (values.json) await printJson(result);
  else process.stdout.write(`${attachSummary(result)}\n`);
  return result.ok ? 0 : result.verdict === 'leak' || result.verdict === 'clean' ? 1 : 2;
});
