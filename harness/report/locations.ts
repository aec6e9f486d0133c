// Where reports, kept snapshots and profiles go: $OOMLAB_REPORTS_DIR, or reports/ in this
// repository (oomlab-reports/ in the user's folder when installed); one folder per case.

import { join } from 'node:path';
import { outputFolder } from '../places.ts';

export const REPORTS_DIR = process.env.OOMLAB_REPORTS_DIR || outputFolder('reports', 'oomlab-reports');

/** A case's folder of reports: reports/<NN-slug>/. */
export function reportDir(c: { id: number; slug: string }, reportsDir = REPORTS_DIR): string {
  return join(reportsDir, `${String(c.id).padStart(2, '0')}-${c.slug}`);
}
