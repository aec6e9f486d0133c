// Types of the package's entry point (index.js), generated from harness/api.ts into types/
// by `npm pack` (scripts/build-types.ts).
export { measureLeak, assertNoLeak, defineCase, type MeasureLeakOptions, type LeakReport, type CaseDefinition, type Workload } from './types/harness/api.js';
