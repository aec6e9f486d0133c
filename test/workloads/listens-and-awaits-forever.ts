// Listens on the IPC channel (which keeps the event loop from running empty), then awaits a
// promise nothing will settle.
import type { Workload } from '../../harness/contract.ts';

export default {
  setup() {
    process.on('message', () => {});
  },
  iteration: () => new Promise<void>(() => {}),
} satisfies Workload;
