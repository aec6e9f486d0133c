// The package's entry point: `import { measureLeak, assertNoLeak } from 'oomlab'`. The package
// ships the lab as JavaScript (built at pack time, scripts/build.ts); in a checkout of the
// repository there is only the TypeScript, and tsx (a runtime dependency) loads it, scoped to
// these modules, without touching how the rest of the importing process loads its own.
import { existsSync } from 'node:fs';

const built = new URL('./harness/api.js', import.meta.url);
const api = existsSync(built) ? await import(built.href) : await (await import('tsx/esm/api')).tsImport('./harness/api.ts', import.meta.url);

export const { measureLeak, assertNoLeak, defineCase } = api;
