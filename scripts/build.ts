// npm pack runs this (prepack): the lab's JavaScript, beside its TypeScript, so that the
// installed command and API start without transforming the lab's own sources (tsx still loads
// users' cases and workloads). Each `x.ts` of the shipped code gets an `x.js`; relative
// imports are rewritten to `.js` by the compiler (rewriteRelativeImportExtensions). Paths the
// code builds to files beside it (package.json, cases/, a child's script) stay right because
// the layout is the same. postpack runs `build.ts --clean`: the checkout keeps running its
// TypeScript, and no stale JavaScript is left for bin/oomlab.js to prefer.
import { readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../', import.meta.url));
/** The commands the package ships (package.json "files"), and all of harness/ they reach. */
const SCRIPTS = ['oomlab', 'case', 'run', 'analyze', 'diff', 'preflight', 'cli'].map((name) => join(root, 'scripts', `${name}.ts`));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const files = [...sources(join(root, 'harness')), ...SCRIPTS];
const built = files.map((file) => file.replace(/\.ts$/, '.js'));

if (process.argv.includes('--clean')) {
  for (const file of built) rmSync(file, { force: true });
} else {
  const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const program = ts.createProgram(files, {
    ...options,
    noEmit: false,
    allowImportingTsExtensions: false,
    rewriteRelativeImportExtensions: true,
    declaration: false,
    sourceMap: false,
  });
  const result = program.emit();
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
  const missing = built.filter((file) => !existsSync(file));
  if (errors.length || missing.length) {
    process.stderr.write(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
    if (missing.length) process.stderr.write(`not built: ${missing.join(', ')}\n`);
    for (const file of built) rmSync(file, { force: true });
    process.exitCode = 1;
  } else {
    process.stdout.write(`build: ${built.length} JavaScript modules beside their sources\n`);
  }
}
