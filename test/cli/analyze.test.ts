import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { runScript } from '../helpers/run-script.ts';
import { scratchDir } from '../helpers/scratch.ts';

const fixture = (name: string): string => `test/fixtures/${name}`;

describe.concurrent("npm run analyze", () => {
  it('--json prints one document: totals, classes, top objects by retained size', async () => {
    const result = await runScript('analyze', [fixture('node22-planted.heapsnapshot.gz'), '--top', '5', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.nodes).toBe(56373);
    expect(doc.edges).toBe(244480);
    expect(doc.totalSelfSize).toBeGreaterThan(1024 * 1024);
    expect(doc.top).toHaveLength(5);
    for (const entry of doc.top) expect(Object.keys(entry).sort()).toEqual(['id', 'name', 'rawSelfSize', 'retainedSize', 'selfSize', 'type']);
    // The global's shallow size is DevTools' (its property stores in it); V8's own stays beside it.
    expect(doc.top.find((t: { name: string }) => t.name === 'global')).toMatchObject({ id: 6351, selfSize: 7728, rawSelfSize: 32 });
    const sizes = doc.top.map((t: { retainedSize: number }) => t.retainedSize);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(doc.top.some((t: { type: string }) => t.type === 'synthetic')).toBe(false);
    expect(doc.top.map((t: { name: string }) => t.name)).toContain('PlantedHolder');
    expect(doc.classes.find((c: { name: string }) => c.name === 'PlantedHolder')).toMatchObject({ count: 1, offHeapSize: 1048576 });
  });

  it('prints a readable summary with the largest object\'s retainer path', async () => {
    const result = await runScript('analyze', [fixture('node20-planted.heapsnapshot.gz'), '--top', '3']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/42,611 nodes, 192,973 edges/);
    expect(result.stdout).toMatch(/Top classes by retained size/);
    expect(result.stdout).toMatch(/Retainer path of the largest \(@\d+\):\n {2}global/);
  });

  it('says what the largest object is made of: the one object inside it that holds most of it', async () => {
    // A module-like wrapper (what a case snapshot's largest object is: Node's module loader, a
    // module's exports) around one array that is nearly all of it.
    const wrapped = scratchDir('oomlab-wrapped-');
    execFileSync(process.execPath, [
      '-e',
      `class ModuleRecord { constructor() { this.state = { index: { ids: Array.from({ length: 150000 }, (_, i) => ({ i, tag: 'id-' + i })) } }; } }
       globalThis.record = new ModuleRecord(); require('v8').writeHeapSnapshot('${wrapped}/s.heapsnapshot');`,
    ]);
    const doc = JSON.parse((await runScript('analyze', [`${wrapped}/s.heapsnapshot`, '--json'])).stdout);
    expect(doc.heldMost.object.name).toBe('Array');
    expect(doc.heldMost.object.retainedSize).toBeGreaterThan(0.75 * doc.top[0].retainedSize);
    const text = (await runScript('analyze', [`${wrapped}/s.heapsnapshot`])).stdout;
    expect(text).toMatch(/\d+% of the largest is one object inside it: @\d+ Array \(object\), [\d.]+ [KM]iB retained\. Its path:\n {2}.*\.state -> Object -> \.index -> Object -> \.ids -> Array$/m);
  });

  const dir = scratchDir('oomlab-bad-');
  const bad: [string, () => string, RegExp][] = [
    ['a missing file', () => `${dir}/nope.heapsnapshot`, /cannot read .*no such file/],
    ['an empty file', () => (writeFileSync(`${dir}/empty`, ''), `${dir}/empty`), /empty/],
    ['a truncated snapshot', () => (writeFileSync(`${dir}/cut`, '{"snapshot":{"meta":{"node_fields":["type"'), `${dir}/cut`), /truncated/],
    ['a JSON file that is not a snapshot', () => (writeFileSync(`${dir}/pkg.json`, '{"name":"x"}'), `${dir}/pkg.json`), /not a V8 heap snapshot/],
    ['random bytes', () => (writeFileSync(`${dir}/random`, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))), `${dir}/random`), /expected '\{'/],
    ['a directory', () => dir, /directory/],
  ];
  for (const [label, make, message] of bad) {
    it(`rejects ${label}: one line, exit 1, no stack trace`, async () => {
      const result = await runScript('analyze', [make()], { timeout: 30_000 });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    });
  }

  it('usage errors exit 2', async () => {
    expect((await runScript('analyze', [])).status).toBe(2);
    expect((await runScript('analyze', [fixture('node20-planted.heapsnapshot.gz'), '--top', 'ten'])).stderr).toMatch(/--top takes a whole number/);
    expect((await runScript('analyze', ['--bogus'])).status).toBe(2);
  });
});

describe.concurrent("npm run diff", () => {
  // Three snapshots of one fresh process that leaks 200 LeakyEntry objects between each.
  const dir = scratchDir('oomlab-diff-');
  execFileSync(process.execPath, [
    '-e',
    `const v8 = require('v8'); class LeakyEntry { constructor(i) { this.i = i; this.data = new Array(20).fill(i); } }
     const kept = []; globalThis.kept = kept;
     for (const name of ['s0', 's1', 's2']) { v8.writeHeapSnapshot('${dir}/' + name + '.heapsnapshot'); for (let i = 0; i < 200; i++) kept.push(new LeakyEntry(i)); }`,
  ]);

  it('two snapshots: per class new, deleted and deltas', async () => {
    const result = await runScript('diff', [`${dir}/s0.heapsnapshot`, `${dir}/s2.heapsnapshot`, '--json']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.mode).toBe('diff');
    expect(doc.classes.find((c: { name: string }) => c.name === 'LeakyEntry')).toMatchObject({ added: 400, deleted: 0, countDelta: 400 });
  });

  it('three snapshots: the survivors by class, with the growth already seen in S1', async () => {
    const result = await runScript('diff', [`${dir}/s0.heapsnapshot`, `${dir}/s1.heapsnapshot`, `${dir}/s2.heapsnapshot`, '--json']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    const leaky = doc.classes.find((c: { name: string }) => c.name === 'LeakyEntry');
    expect(leaky).toMatchObject({ count: 400, newInS1: 200 });
    expect(leaky.retainedSize).toBeGreaterThan(leaky.selfSize);
    const text = (await runScript('diff', [`${dir}/s0.heapsnapshot`, `${dir}/s1.heapsnapshot`, `${dir}/s2.heapsnapshot`])).stdout;
    expect(text).toMatch(/first seen after s0 are still alive in s2/);
    expect(text).toMatch(/new in s1 +alive in s2/);
    expect(text).toMatch(/LeakyEntry/);
  });

  it('names its columns after the files given, not S0/S1/S2 whatever they are', async () => {
    const two = (await runScript('diff', [`${dir}/s1.heapsnapshot`, `${dir}/s2.heapsnapshot`])).stdout;
    expect(two.split('\n')[0]).toMatch(/^Classes by size delta from s1 to s2 \(\d+ changed\):$/);
  });

  it('refuses one file or four', async () => {
    expect((await runScript('diff', [`${dir}/s0.heapsnapshot`])).status).toBe(2);
  });
});
