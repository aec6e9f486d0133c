// Temporary folders for tests, removed when the test file is done: a run of the suite leaves
// nothing in /tmp. Import this module statically: it registers its cleanup when the file is
// collected (a per-test hook would be ambiguous in concurrent tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made = new Set<string>();
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}
