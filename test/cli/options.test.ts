// No option is lost silently: a typo gets one line naming the option meant, and options npm
// kept for itself (`npm run case 1 --keep-snapshots`, no `--`) are said, never ignored.
import { describe, expect, it } from 'vitest';
import { nearest } from '../../scripts/cli.ts';
import { projectRoot, runCommand, runScript } from '../helpers/run-script.ts';

describe.concurrent('options', () => {
  it('a typo: one line, with the option meant', async () => {
    const result = await runScript('run', ['test/workloads/clean.ts', '--budegt', '64']);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('run: unknown option --budegt; did you mean --budget?');
    const far = await runScript('case', ['1', '--colour']);
    expect(far.stderr.split('\n')[0]).toBe('case: unknown option --colour');
    expect((await runScript('case', ['1', '-z'])).stderr.split('\n')[0]).toBe('case: unknown option -z');
  });

  it('a mistyped command of the installed oomlab: one line, with the command meant', async () => {
    const result = await runCommand(process.execPath, ['--import', 'tsx', 'scripts/oomlab.ts', 'csae', '1'], { cwd: projectRoot });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("oomlab: no command 'csae' (did you mean case?). Commands: case, run, serve, attach, analyze, diff, preflight (oomlab --help)\n");
  });

  it('nearest: a slip or two away, never a guess from a different word', () => {
    expect(nearest('keep-snapshot', ['keep-snapshots', 'json'])).toBe('keep-snapshots');
    expect(nearest('itertions', ['iterations', 'variant'])).toBe('iterations');
    expect(nearest('jsno', ['json', 'oom'])).toBe('json');
    expect(nearest('colour', ['json', 'oom', 'variant'])).toBe(null);
  });

  it('options npm kept for itself (no --) are said with the command to type, exit 2', async () => {
    // What `npm run case 1 --keep-snapshots` hands us: only `1`, and the flag in npm_config_*.
    const result = await runScript('case', ['1'], { env: { npm_lifecycle_event: 'case', npm_config_keep_snapshots: 'true' } });
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('case: npm kept --keep-snapshots for itself (npm passes options on only after --): type npm run case -- 1 --keep-snapshots');
    // `npm run case 1 --iterations 500`: the value arrives as a positional; the flag in npm_config_iterations.
    const valued = await runScript('case', ['1', '500'], { env: { npm_lifecycle_event: 'case', npm_config_iterations: 'true' } });
    expect(valued.stderr.split('\n')[0]).toMatch(/^case: npm kept --iterations for itself .*: type npm run case -- <case or file> --iterations <value>$/);
    // Another script's npm_config_* (a CI's npm_config_force) is not ours to read.
    const other = await runScript('case', ['1', '--help'], { env: { npm_lifecycle_event: 'test', npm_config_force: 'true' } });
    expect(other.status).toBe(0);
  });
});
