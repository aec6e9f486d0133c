// oomlab <command> [...]: the installed command. Each command is the script `npm run <command>`
// runs in this repository; this picks one and hands it the rest of the arguments.
import { readFileSync } from 'node:fs';
import { nearest, startedAsOomlab } from './cli.ts';

/** `typescript`: the command may load the user's TypeScript (a case.ts) in this process. */
const COMMANDS: Record<string, { file: string; what: string; typescript?: boolean }> = {
  case: { file: './case.ts', what: 'run a case (a number, a slug, or your folder with buggy and fixed variants)', typescript: true },
  run: { file: './run.ts', what: 'one workload: is it a leak? (exit 0 clean, 1 leak, 2 cannot run)', typescript: true },
  serve: { file: './serve.ts', what: 'an HTTP server, unmodified, loaded with requests: is it a leak? (bytes per request)' },
  attach: { file: './attach.ts', what: 'a running Node process, not restarted: is it leaking? (over its inspector)' },
  analyze: { file: './analyze.ts', what: 'one heap snapshot: totals, top classes and objects, a retainer path' },
  diff: { file: './diff.ts', what: 'two or three snapshots of one process: what is new, what survived' },
  preflight: { file: './preflight.ts', what: 'can this machine run the workshop?' },
};

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const HELP = `oomlab ${version}: reproduce Node.js leaks and prove them with V8 heap snapshots.

usage: oomlab <command> [options]     oomlab <command> --help

${Object.entries(COMMANDS)
  .map(([name, { what }]) => `  ${name.padEnd(10)} ${what}`)
  .join('\n')}

  --version  print the version

The API for test suites: import { measureLeak, assertNoLeak } from 'oomlab'.`;

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(`${HELP}\n`);
} else if (name === '--version' || name === '-v') {
  process.stdout.write(`${version}\n`);
} else if (!Object.hasOwn(COMMANDS, name)) {
  const near = nearest(name, Object.keys(COMMANDS));
  process.stderr.write(
    `oomlab: no command '${name.replace(/[^\x20-\x7e]/g, '?').slice(0, 40)}'${near ? ` (did you mean ${near}?)` : ''}. Commands: ${Object.keys(COMMANDS).join(', ')} (oomlab --help)\n`,
  );
  process.exitCode = 2;
} else {
  startedAsOomlab();
  // Run as the package's built JavaScript, no loader is registered yet: the commands that load
  // the user's TypeScript get tsx; analyze, diff and preflight start without it.
  if (COMMANDS[name].typescript && import.meta.url.endsWith('.js')) (await import('tsx/esm/api')).register();
  // The command reads its arguments where every script does: process.argv after the script.
  process.argv = [process.argv[0], COMMANDS[name].file, ...rest];
  await import(COMMANDS[name].file);
}
