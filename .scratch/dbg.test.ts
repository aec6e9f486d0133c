import { it, expect } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { runScript } from '../test/helpers/run-script.ts';
it('dbg', async () => {
  const d = mkdtempSync('/tmp/dbg-');
  const file = `${d}/a-file`;
  writeFileSync(file, 'x');
  const r = await runScript('case', ['8', '--variant', 'fixed', '--iterations', '40'], { env: { OOMLAB_REPORTS_DIR: `${file}/reports` } });
  console.log('STATUS', r.status, 'ERR', r.stderr, 'OUT', r.stdout.slice(-300));
});
