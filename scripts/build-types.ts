// npm pack runs this (prepack): the package's type declarations, from harness/api.ts and what
// it reaches, into types/. The sources import each other as `./x.ts` (run as TypeScript by
// tsx); declarations are read by the user's compiler, so they import `./x.js`, which any
// moduleResolution maps to the `.d.ts` beside it, with no option of the user's needed.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../', import.meta.url));
const outDir = `${root}types`;
const configFile = ts.readConfigFile(`${root}tsconfig.json`, (path) => ts.sys.readFile(path));
const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
rmSync(outDir, { recursive: true, force: true });
const program = ts.createProgram([`${root}harness/api.ts`], {
  ...options,
  noEmit: false,
  declaration: true,
  emitDeclarationOnly: true,
  rootDir: root,
  outDir,
});
const result = program.emit(undefined, (file, text) => {
  ts.sys.writeFile(file, text.replace(/((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g, '$1.js$2'));
});
const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
if (errors.length) {
  process.stderr.write(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
  process.exitCode = 1;
} else {
  process.stdout.write(`types: ${program.getSourceFiles().filter((f) => f.fileName.startsWith(`${root}harness`)).length} declarations in types/\n`);
}
