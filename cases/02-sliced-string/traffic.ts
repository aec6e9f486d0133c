// The network side of case 2: form-encoded request bodies of 64 KiB, decoded from the
// socket's bytes (toString gives a flat string, as a body parser does).

const BODY_BYTES = 64 * 1024;

export function readBody(sequence: number): string {
  const token = (Math.imul(sequence + 1, 2654435761) >>> 0).toString(16).padStart(8, '0');
  const fields = `user=u${sequence % 97}&session=${token}${token}&cart=`;
  const bytes = Buffer.alloc(BODY_BYTES, 'x'.charCodeAt(0));
  bytes.write(fields, 0, 'latin1');
  return bytes.toString('latin1');
}
