// The package's entry point: `import { measureLeak, assertNoLeak } from 'oomlab'`. The lab is
// TypeScript, as are the workloads it runs: tsx (a runtime dependency) loads it here, scoped to
// these modules, without touching how the rest of the importing process loads its own.
import { tsImport } from 'tsx/esm/api';

const api = await tsImport('./harness/api.ts', import.meta.url);

export const { measureLeak, assertNoLeak, defineCase } = api;
