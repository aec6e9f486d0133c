// npm run preflight: can this laptop run the workshop? One line per check; exit 1 when a
// required one fails.
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBytes } from '../harness/text.ts';
import { listCases } from '../harness/catalog.ts';
import { REPORTS_DIR } from '../harness/report/locations.ts';
import { runChild } from '../harness/run/child-runner.ts';

interface Check {
  name: string;
  required: boolean;
  run(): { ok: boolean; detail: string } | Promise<{ ok: boolean; detail: string }>;
}

const CHILD_SECONDS = 30;
const childWorks = async (args: string[]): Promise<{ ok: boolean; detail: string }> => {
  const result = await runChild({ start: { spawn: process.execPath }, args, timeLimitMs: CHILD_SECONDS * 1000 });
  const output = `${result.stdout}${result.stderr}`.trim().split('\n')[0] ?? '';
  const why = result.spawnError?.message ?? (result.timedOut ? `did not finish within ${CHILD_SECONDS} s` : `exit ${result.code}`);
  return { ok: result.code === 0, detail: result.code === 0 ? output || 'ok' : `failed: ${output || why}` };
};

const checks: Check[] = [
  {
    name: 'Node.js 20 or later',
    required: true,
    run: () => ({ ok: Number(process.versions.node.split('.')[0]) >= 20, detail: process.version }),
  },
  {
    name: 'a child process with --expose-gc',
    required: true,
    run: () => childWorks(['--expose-gc', '-e', 'gc(); console.log("gc() available")']),
  },
  {
    name: 'TypeScript through tsx (npm ci done?)',
    required: true,
    run: async () => {
      const file = join(tmpdir(), `oomlab-preflight-${process.pid}.ts`);
      writeFileSync(file, 'const loaded: string = "tsx loads TypeScript";\nconsole.log(loaded);\n');
      try {
        return await childWorks(['--import', 'tsx', file]);
      } finally {
        rmSync(file, { force: true });
      }
    },
  },
  {
    name: 'writing a heap snapshot',
    required: true,
    run: () => childWorks(['-e', 'const f = require("v8").writeHeapSnapshot(require("os").tmpdir() + "/oomlab-preflight.heapsnapshot"); require("fs").rmSync(f); console.log("ok")']),
  },
  {
    name: 'free memory (1 GiB or more)',
    required: true,
    run: () => ({ ok: freemem() >= 1024 ** 3, detail: `${formatBytes(freemem())} free of ${formatBytes(totalmem())}` }),
  },
  {
    name: 'the eight cases',
    required: true,
    run: () => {
      const n = listCases().length;
      return { ok: n === 8, detail: `${n} found in cases/` };
    },
  },
  {
    name: 'reports/ is writable',
    required: true,
    run: () => {
      try {
        mkdirSync(REPORTS_DIR, { recursive: true });
        accessSync(REPORTS_DIR, constants.W_OK);
        return { ok: true, detail: REPORTS_DIR };
      } catch (error) {
        return { ok: false, detail: (error as Error).message };
      }
    },
  },
  {
    name: 'Chromium for the report test (optional)',
    required: false,
    run: () => ({
      ok: existsSync('/usr/bin/chromium'),
      detail: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'not installed: reports still open in any browser',
    }),
  },
];

let failed = 0;
process.stdout.write(`oomlab preflight (${fileURLToPath(new URL('..', import.meta.url))})\n`);
for (const check of checks) {
  const { ok, detail } = await check.run();
  if (!ok && check.required) failed++;
  const mark = ok ? 'ok  ' : check.required ? 'FAIL' : 'note';
  process.stdout.write(`  ${mark} ${check.name}: ${detail}\n`);
}
process.stdout.write(failed ? `\n${failed} required check(s) failed.\n` : '\nReady: run npm run case 1.\n');
process.exitCode = failed ? 1 : 0;
