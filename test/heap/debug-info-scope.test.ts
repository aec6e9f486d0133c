// A module's scope is the program's own even when its functions carry a DebugInfo. On Node 20
// (V8 11.3) a function that ran under coverage, or that a debugger instrumented, has its
// SharedFunctionInfo's `script_or_debug_info` pointing to a DebugInfo instead of the Script: the
// CommonJS server's module scope was then '(a module)', not the program's, and its holder was
// named through Node's internals. Node 22 on keep DebugInfos aside (the test passes there too).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../helpers/scratch.ts';
import { HeapAnalysis, heapHolders, isProgramScript, readHeapSnapshot } from '../../harness/heap/index.ts';

describe('module scopes of functions with a DebugInfo', () => {
  it('a CommonJS main module whose one function ran under NODE_V8_COVERAGE is still the program: rendered-cache.cjs (module) → rendered', async () => {
    const dir = scratchDir('oomlab-debuginfo-');
    const program = join(dir, 'rendered-cache.cjs');
    const file = join(dir, 'cov.heapsnapshot');
    // As a server is: a function of the module, kept by a timer, keeps its scope. Both functions
    // created in that scope have run, so under coverage both have a DebugInfo (block counters).
    writeFileSync(
      program,
      `const v8 = require('node:v8');
const rendered = new Map();
function handle(i) { rendered.set(i, 'order ' + i + ' '.repeat(200)); }
for (let i = 0; i < 3000; i++) handle(i);
const timer = setInterval(handle, 60_000, -1);
setImmediate(() => { v8.writeHeapSnapshot(process.argv[2]); clearInterval(timer); });
`,
    );
    execFileSync(process.execPath, [program, file], { env: { ...process.env, NODE_V8_COVERAGE: join(dir, 'coverage') } });
    const snap = await readHeapSnapshot(file);
    if (process.versions.node.startsWith('20.')) {
      // The case under test is there: some function's script_or_debug_info is a DebugInfo.
      let viaDebugInfo = 0;
      for (let e = 0; e < snap.edgeCount; e++) if (snap.edgeName(e) === 'script_or_debug_info' && snap.name(snap.edgeTo[e]) === 'system / DebugInfo') viaDebugInfo++;
      expect(viaDebugInfo).toBeGreaterThan(0);
    }
    const analysis = new HeapAnalysis(snap);
    const modules = analysis.scopes.programModules(isProgramScript).map((m) => analysis.scopes.scopeOf(m));
    expect(modules).toEqual([{ kind: 'module', file: program }]);
    // (On Node 26 Node's own module map is larger than these 3000 strings: not the first holder.)
    expect(heapHolders(analysis).map((h) => h.holder)).toContain('rendered-cache.cjs (module) → rendered');
  }, 30_000);
});
