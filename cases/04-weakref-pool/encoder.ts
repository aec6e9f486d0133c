// What the pool holds: an encoder with a 32 KiB scratch buffer, costly enough to want reuse;
// and the server around it.

import { setImmediate as nextTurn } from 'node:timers/promises';

export class Encoder {
  private readonly scratch = Buffer.allocUnsafe(32 * 1024);

  encode(fragment: { id: number; name: string }): number {
    return this.scratch.write(JSON.stringify(fragment), 0, 'utf8');
  }
}

/** The fragments' socket write completes in a later turn of the event loop. */
export function written(): Promise<void> {
  return nextTurn();
}

/**
 * V8 clears a WeakRef only in a full collection (a scavenge treats it as strong). A busy
 * server runs one every few seconds, a quiet test process hardly ever: to compress hours of
 * traffic into seconds, the case runs one between requests (its child has --expose-gc).
 */
export function aBusyServersFullCollection(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
