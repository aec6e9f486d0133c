// A websocket-like gateway. onMessage() replays the connection's backlog; describe() is made
// by a helper of its own, so its Context holds only the peer's name and id.
import type { Workload } from '../../../harness/contract.ts';

const disconnectLog: (() => string)[] = [];

function describer(id: number, peer: string): () => string {
  return () => `${peer} (#${id})`;
}

function acceptConnection(id: number, peer: string): number {
  const backlog = new Array<number>(2048).fill(id); // 16 KiB of replayed frames
  const onMessage = (frame: number) => backlog.reduce((sum, f) => sum + f, frame);

  const replayed = onMessage(1);
  if (id % 32 === 0) disconnectLog.push(describer(id, peer)); // 1 in 32 drops abnormally
  return replayed;
}

let frames = 0;

export default {
  iteration(i) {
    frames += acceptConnection(i, `peer-${i % 500}.example.net`);
  },
  metrics: () => ({ frames, logged: disconnectLog.length }),
} satisfies Workload;
