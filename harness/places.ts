// Where the lab writes what it makes. In this repository: its own reports/ and exercises/.
// Installed as a package (`npx oomlab`), the lab lives in node_modules, which is no place for
// a user's reports or exercises: they go to the folder the command was run in.

import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The lab's own folder: this repository, or node_modules/oomlab. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** True when the lab runs as a dependency of another project. */
export const INSTALLED = PACKAGE_ROOT.includes(`${sep}node_modules${sep}`);

/** A folder of output: `name` in this repository, `installedName` in the user's folder when installed. */
export function outputFolder(name: string, installedName: string): string {
  return INSTALLED ? join(process.cwd(), installedName) : join(PACKAGE_ROOT, name);
}
