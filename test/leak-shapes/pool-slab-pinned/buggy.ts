// A chat gateway that flags every 4th message for review and keeps its 12-byte sender token
// as a view into the encoded message. Small Buffers share Node's 8 KiB pool, so each kept
// view pins a whole 8 KiB slab.
import type { Workload } from '../../../harness/contract.ts';

const TOKEN_BYTES = 12;
const REVIEW_WINDOW = 8192;
const flaggedTokens: Buffer[] = new Array(REVIEW_WINDOW);
let next = 0;

function encode(i: number): Buffer {
  const sender = `u${String(i % 100_000).padStart(11, '0')}`; // 12 bytes
  const text = `message ${i}: ${'lorem ipsum dolor sit amet '.repeat(8)}`;
  return Buffer.from(`${sender}${JSON.stringify({ room: i % 16, text })}`); // ~260 bytes, from the pool
}

let relayed = 0;

export default {
  iteration(i) {
    const message = encode(i);
    if (i % 4 === 0) {
      flaggedTokens[next] = message.subarray(0, TOKEN_BYTES); // a view: shares the 8 KiB slab
      next = (next + 1) % REVIEW_WINDOW;
    }
    relayed += message.length;
  },
  metrics: () => ({ relayed, flagged: next }),
} satisfies Workload;
