// A real program's heap for the benchmark: the TypeScript compiler holding type-checked
// programs (this repository's sources with the DOM and Node typings), as the heap of a build
// tool or language server looks. Usage: node make-tsc-heap.cjs <out.heapsnapshot> <programs>
'use strict';
const path = require('node:path');
const v8 = require('node:v8');
const ts = require('typescript');
const [out, countArg] = process.argv.slice(2);
const root = path.resolve(__dirname, '..');
const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} });
const options = { ...config.options, lib: ['lib.esnext.d.ts', 'lib.dom.d.ts'], noEmit: true };
const programs = [];
for (let i = 0; i < Number(countArg || 1); i++) {
  const program = ts.createProgram(config.fileNames, options);
  program.getSemanticDiagnostics();
  programs.push(program);
}
globalThis.benchPrograms = programs;
v8.writeHeapSnapshot(out);
