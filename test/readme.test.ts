// The README's claims match a run: the tour's output is what `npm run case 1` prints (numbers
// aside), every `npm run` command it shows exists, every option its table lists is one the
// command takes, and case 3's README quotes the counters a run reports.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, runScript } from './helpers/run-script.ts';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const scripts = Object.keys((JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

/** A line with its figures and column widths left out: what must match between the README and a run. */
function shape(line: string): string {
  return line
    .replace(/-?\d+(\.\d+)?( (B|KiB|MiB|GiB)\b)?/g, '#')
    .replace(/\b(high|medium)\b/g, 'confidence') // how sure a run is varies with the machine's load
    .replace(/-{3,}/g, '---')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The unlabelled code blocks of a README section: example output. */
function outputBlocks(from: string, to: string): string[][] {
  const section = readme.slice(readme.indexOf(from), readme.indexOf(to));
  return [...section.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1].split('\n').filter((l) => l.trim()));
}

describe.concurrent('README', () => {
  it("the tour's output is what npm run case 1 prints, line for line in order (figures aside)", async () => {
    const blocks = outputBlocks('## A tour of case 1', '### How a verdict is reached');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const run = await runScript('case', ['1', '--no-report']);
    expect(run.status).toBe(0);
    const printed = run.stdout.split('\n').map(shape);
    let at = 0;
    for (const line of blocks.flat()) {
      const found = printed.indexOf(shape(line), at);
      expect(found, `README line not printed (in this order): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  }, 120_000);

  it('every npm run command it shows exists, and every option its commands table lists is taken', async () => {
    const used = new Set([...readme.matchAll(/npm run (?:-s )?([a-z-]+)/g)].map((m) => m[1]));
    for (const name of used) expect(scripts, `npm run ${name}`).toContain(name);
    const rows = [...readme.matchAll(/^\| `npm run (?:-s )?(case|run|analyze|diff) ([^`]*)`/gm)];
    expect(rows.length).toBeGreaterThan(10);
    const help = new Map<string, string>();
    for (const command of new Set(rows.map((r) => r[1]))) help.set(command, (await runScript(command, ['--help'])).stdout);
    for (const [, command, args] of rows) {
      for (const option of args.match(/--[a-z-]+/g) ?? []) expect(help.get(command), `${command} ${option}`).toMatch(new RegExp(`${option}(?![a-z-])`));
    }
  }, 120_000);

  it("case 3's README quotes the counters a run reports", async () => {
    const notes = readFileSync(join(projectRoot, 'cases/03-pool-release-on-throw/README.md'), 'utf8').replace(/\s+/g, ' ');
    const quoted = (variant: string): Record<string, number> => {
      const text = new RegExp(`${variant} \`([^\`]+)\``).exec(notes)?.[1] ?? '';
      return Object.fromEntries(text.split(', ').map((pair) => pair.split('=')).map(([k, v]) => [k, Number(v)]));
    };
    const run = await runScript('case', ['3', '--json', '--no-report']);
    const doc = JSON.parse(run.stdout) as { variants: Record<string, { metrics: Record<string, number> }> };
    for (const variant of ['buggy', 'fixed']) {
      const claimed = quoted(variant);
      expect(Object.keys(claimed).length).toBeGreaterThan(1);
      for (const [counter, value] of Object.entries(claimed)) expect(doc.variants[variant].metrics[counter], `${variant} ${counter}`).toBe(value);
    }
  }, 120_000);
});
