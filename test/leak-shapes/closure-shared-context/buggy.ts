// A websocket-like gateway. onMessage() replays the connection's backlog; describe() only
// uses the peer's name, but both closures share one Context, so `disconnectLog` keeps every backlog.
import type { Workload } from '../../../harness/contract.ts';

const disconnectLog: (() => string)[] = [];

function acceptConnection(id: number, peer: string): number {
  const backlog = new Array<number>(2048).fill(id); // 16 KiB of replayed frames
  const onMessage = (frame: number) => backlog.reduce((sum, f) => sum + f, frame);
  const describe = () => `${peer} (#${id})`;

  const replayed = onMessage(1);
  if (id % 32 === 0) disconnectLog.push(describe); // 1 in 32 drops abnormally
  return replayed;
}

let frames = 0;

export default {
  iteration(i) {
    frames += acceptConnection(i, `peer-${i % 500}.example.net`);
  },
  metrics: () => ({ frames, logged: disconnectLog.length }),
} satisfies Workload;
