// Clean, but busy in every way that fools a naive leak detector: a lazily built table (once,
// mid-run), an LRU cache filling up to its bound, 256 KiB transient buffers, and timers that
// are set and cleared.
import type { Workload } from '../../harness/contract.ts';

let table: Map<number, string> | null = null;
function lookupTable(): Map<number, string> {
  // Built on first use, which comes late: in the first measured interval.
  table ??= new Map(Array.from({ length: 4000 }, (_, k) => [k, `entry-${k}`]));
  return table;
}

class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
}
const cache = new Lru<string, { body: string }>(80);

let timersCleared = 0;
let checksum = 0;

export default {
  iteration(i) {
    if (i >= 75) checksum += lookupTable().get(i % 4000)!.length;
    const key = `user-${i}`;
    if (!cache.get(key)) cache.set(key, { body: `profile of ${key}`.repeat(4) });
    const scratch = Buffer.alloc(256 * 1024, i & 0xff); // large, and gone after this iteration
    checksum = (checksum + scratch[1000]) | 0;
    const timeout = setTimeout(() => checksum++, 60_000);
    const interval = setInterval(() => checksum++, 60_000);
    clearTimeout(timeout);
    clearInterval(interval);
    timersCleared += 2;
  },
  metrics: () => ({ timersCleared, checksum }),
} satisfies Workload;
