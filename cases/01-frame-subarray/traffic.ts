// The network side of case 1: frames as a socket would hand them over, one new buffer each.
// Every tenth frame is a redelivery of a recent message, so the dedupe index has work to do.

export const ID_BYTES = 16;
const FRAME_BYTES = 64 * 1024;

export function receiveFrame(sequence: number): Buffer {
  const frame = Buffer.alloc(FRAME_BYTES);
  const messageId = sequence % 10 === 9 ? sequence - 3 : sequence;
  frame.writeUInt32BE(0x6f6f6d6c, 0); // "ooml": the producer's prefix
  frame.writeUInt32BE(messageId, 12);
  frame.fill(sequence & 0xff, ID_BYTES); // the payload
  return frame;
}

/** What the consumer does with a payload: here, a checksum. */
export function deliver(payload: Buffer): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i += 4096) sum = (sum + payload[i]) | 0;
  return sum;
}
