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

export function parseCommandLine<T extends ParseArgsConfig['options']>(
  argv: string[],
  options: T,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
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
