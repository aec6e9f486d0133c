// `npm run case` and `npm run diff` share one definition of survivors (heap/diff.ts): on the
// same snapshots they must count the same objects, by class too.
import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/run-script.ts';

interface ClassRow {
  type: string;
  name: string;
  count: number;
  selfSize: number;
}

describe('survivors', () => {
  it('case --keep-snapshots and diff S0 S2 S4 report the same survivors, total and by class', async () => {
    const run = await runScript('case', ['1', '--variant', 'buggy', '--keep-snapshots', '--json', '--no-report']);
    expect(run.stderr).toBe('');
    const buggy = JSON.parse(run.stdout).variants.buggy;
    const snapshots: string[] = buggy.snapshots;
    expect(snapshots).toHaveLength(5);

    const diff = await runScript('diff', [snapshots[0], snapshots[2], snapshots[4], '--json']);
    expect(diff.stderr).toBe('');
    const doc = JSON.parse(diff.stdout);
    expect(doc.mode).toBe('survivors');
    expect(buggy.growth.survivors.count).toBeGreaterThan(100);
    expect(doc.survivors).toEqual(buggy.growth.survivors);

    const byClass = new Map<string, ClassRow>(doc.classes.map((c: ClassRow) => [`${c.type}:${c.name}`, c]));
    for (const cls of buggy.topClasses as ClassRow[]) {
      expect(byClass.get(`${cls.type}:${cls.name}`), `${cls.type}:${cls.name}`).toMatchObject({ count: cls.count, selfSize: cls.selfSize });
    }
  }, 180_000);
});
