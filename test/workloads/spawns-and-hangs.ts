// Starts a helper process that shares its stdout (as a test server or a `sleep` would), then
// never finishes an iteration. Its pid goes to a file so the test can see that it died too.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Workload } from '../../harness/contract.ts';

export default {
  setup() {
    const helper = spawn('sleep', ['600'], { stdio: ['ignore', 'inherit', 'inherit'] });
    // The helper's pid, ours, and the parent's temp folder for our snapshots (from our config).
    const { snapshotDir } = JSON.parse(process.argv[2] ?? '{}') as { snapshotDir?: string };
    if (process.env.OOMLAB_TEST_PIDFILE) writeFileSync(process.env.OOMLAB_TEST_PIDFILE, `${helper.pid}\n${process.pid}\n${snapshotDir}\n`);
  },
  iteration: () => new Promise<void>(() => setInterval(() => {}, 1000)),
} satisfies Workload;
