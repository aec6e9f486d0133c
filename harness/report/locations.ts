// Where reports, kept snapshots and profiles go: reports/ in the project, or
// $OOMLAB_REPORTS_DIR; one folder per case, reports/<NN-slug>/.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPORTS_DIR = process.env.OOMLAB_REPORTS_DIR || fileURLToPath(new URL('../../reports/', import.meta.url));

/** A case's folder of reports: reports/<NN-slug>/. */
export function reportDir(c: { id: number; slug: string }, reportsDir = REPORTS_DIR): string {
  return join(reportsDir, `${String(c.id).padStart(2, '0')}-${c.slug}`);
}
