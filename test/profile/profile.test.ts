// The profilers run for real: slow (seconds each), so they run one at a time, in npm test.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findCase } from '../../harness/catalog.ts';
import { runProfile, PROFILERS } from '../../harness/lab/profile.ts';
import { reportDir } from '../../harness/report/locations.ts';
import { runScript } from '../helpers/run-script.ts';
import { scratchDir } from '../helpers/scratch.ts';

describe('--profile: each profiler writes its HTML report', { timeout: 240_000 }, () => {
  const reportsDir = scratchDir('oomlab-profile-');
  for (const tool of PROFILERS) {
    it(`${tool}, on case 3's buggy variant, headless`, async () => {
      const folder = await findCase('3');
      const result = await runProfile(folder, 'buggy', tool, reportDir(folder.definition, reportsDir), { seconds: 2 });
      expect(result.dir).toBe(join(reportsDir, '03-pool-release-on-throw', 'buggy', `profile-${tool}`));
      expect(existsSync(result.html)).toBe(true);
      expect(statSync(result.html).size).toBeGreaterThan(10_000);
      expect(readFileSync(result.html, 'utf8').slice(0, 2000)).toMatch(/<html|<!DOCTYPE html/i);
      expect(result.output).toMatch(/\d+ iterations; metrics \{"failures":\d+/);
    });
  }

  it('rejects an unknown profiler with one line, exit 2', async () => {
    const result = await runScript('case', ['3', '--profile', 'valgrind']);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/--profile takes heapprofiler, doctor, flame, not 'valgrind'/);
  });
});
