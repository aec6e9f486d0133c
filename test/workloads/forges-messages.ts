// A workload that talks on the harness's IPC channel: it claims snapshots at paths of its
// choosing, then says it is done before any snapshot was taken.
import type { Workload } from '../../harness/contract.ts';

export default {
  setup() {
    process.send?.({ type: 'snapshot', index: 0, iteration: 0, file: '/etc/passwd' });
    process.send?.({ type: 'snapshot', index: 99, iteration: 0, file: '/tmp/x.heapsnapshot' });
    process.send?.({ type: 'done', timeline: [], metrics: {}, seconds: 0, sourceMaps: {} }, undefined, undefined, () => process.exit(0));
    return new Promise<void>(() => {});
  },
  iteration() {},
} satisfies Workload;
