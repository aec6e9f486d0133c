// What every command line of the lab shares: argument parsing that fails with one line, and
// a top level that turns any error into one line on stderr and an exit code, never a trace.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HeapSnapshotError } from '../harness/heap/index.ts';
import { endWithLauncher } from '../harness/run/launcher.ts';

/** How the user started us: the installed `oomlab` command, or `npm run` in this repository. */
let program: 'oomlab' | 'npm run' = 'npm run';

/** Called by the `oomlab` dispatcher before it loads a command. */
export function startedAsOomlab(): void {
  program = 'oomlab';
}

/** A command as the user types it: `oomlab case` or `npm run case --`. */
export function commandName(name: string): string {
  return program === 'oomlab' ? `oomlab ${name}` : `npm run ${name} --`;
}

export function commandUsage(name: string, args: string): string {
  return `usage: ${commandName(name)} ${args}`;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on (bad input, a case that cannot run): exit code 1. */
export class UserError extends Error {
  override name = 'UserError';
}

/** The command runCli is running (`case`, `run`…): npm names its script the same. */
let runningCommand: string | null = null;

export function parseCommandLine<T extends ParseArgsConfig['options']>(
  argv: string[],
  options: T,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const known: NonNullable<ParseArgsConfig['options']> = options ?? {};
  checkNpmKeptOptions(argv, known);
  for (const arg of argv) {
    if (arg === '--') break;
    const name = /^--([^=]+)/.exec(arg)?.[1] ?? (/^-([^-])/.exec(arg) ? null : undefined);
    if (name === undefined) continue;
    if (name === null) {
      const short = arg[1];
      if (!Object.values(known).some((o) => o.short === short)) throw new UsageError(`unknown option ${arg.slice(0, 2)}`);
      continue;
    }
    if (!(name in known)) {
      const near = nearest(name, Object.keys(known));
      throw new UsageError(`unknown option --${name}${near ? `; did you mean --${near}?` : ''}`);
    }
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
}

/**
 * `npm run case 1 --keep-snapshots`, without `--`: npm keeps the options for itself (in
 * npm_config_* variables) and passes only `1`, or, for `--iterations 500`, `1 500`. Never lost
 * silently: said in one line with the command to type. Checked only under our own npm script,
 * so a CI's npm_config_force and the like cannot trip the installed command.
 */
function checkNpmKeptOptions(argv: string[], options: NonNullable<ParseArgsConfig['options']>): void {
  if (!runningCommand || process.env.npm_lifecycle_event !== runningCommand) return;
  const kept = Object.keys(options).filter((name) => name !== 'help' && process.env[`npm_config_${name.replace(/-/g, '_')}`] !== undefined);
  if (!kept.length) return;
  const flags = kept.map((name) => (options[name].type === 'string' ? `--${name} <value>` : `--${name}`));
  const asGiven = argv.filter((a) => !a.startsWith('-'));
  const hasValues = kept.some((name) => options[name].type === 'string');
  throw new UsageError(
    `npm kept ${kept.map((n) => `--${n}`).join(' ')} for itself (npm passes options on only after --): type npm run ${runningCommand} -- ${hasValues ? '<case or file>' : asGiven.join(' ')} ${flags.join(' ')}`.replace(/ +/g, ' '),
  );
}

/** The known name closest to a mistyped one, when it is close enough to be a typo. */
export function nearest(typed: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(typed, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : null;
}

/** Levenshtein distance, a transposition counting as one edit (--budegt is one slip from --budget). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** A whole-number flag: at least 1, or at least `min` (0 for a warm-up that may be none). */
export function wholeNumber(value: string | boolean | undefined, flag: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} takes a whole number ${min === 1 ? 'greater than 0' : `of at least ${min}`}, not '${String(value)}'`);
  }
  return n;
}

/**
 * Runs a command's main function: errors become one line on stderr (with the usage hint for
 * usage errors) and the process exit code is set, never thrown past here.
 */
export async function runCli(name: string, usage: string, main: () => Promise<number>): Promise<void> {
  // A closed pipe (`| head`) is not an error worth a trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  runningCommand = name;
  // Stopped through npm alone (a container stop, a CI cancel): end too, children and all.
  endWithLauncher();
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${error.message}\n${usage}\n`);
      process.exitCode = 2;
    } else if (error instanceof HeapSnapshotError || error instanceof UserError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      process.stderr.write(`${name}: internal error: ${message}\n`);
      process.exitCode = 1;
    }
  }
}

/** Writes a JSON document to stdout and waits until it is flushed. */
export async function printJson(value: unknown): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`, (error) => (error ? reject(error) : resolve()));
  });
}
