// The heap limit a leak runs into, read inside the measured process (the measured child
// evaluates it; serve and attach evaluate it over the inspector): one expression, so all agree.
//
// V8's heap_size_limit is the old generation's limit plus the young generation's reservation
// (three semi-spaces: 48 MiB on Node 20 and 22, 96 MiB on 26, 192 MiB on 24, whatever the
// old generation's size). What a leak keeps is promoted to the old generation, and the process
// dies when that is full: with --max-old-space-size=64 that is at about 64 MiB, not at the
// 112 to 256 MiB heap_size_limit says. So, when the process was given --max-old-space-size (on
// its command line or in NODE_OPTIONS), that is the limit; otherwise Node does not expose the
// old generation's own limit and heap_size_limit stands (a few per cent long on V8's default
// limit of about 4 GiB).

/** A JavaScript expression: `{ limit, heapSizeLimit }` in bytes, or null where `v8` cannot be loaded. */
export const HEAP_LIMIT_EXPRESSION = `(() => {
  const v8 = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('v8') : null;
  if (!v8) return null;
  const heapSizeLimit = v8.getHeapStatistics().heap_size_limit;
  // NODE_OPTIONS first: Node lets the command line win over it (the last one given counts).
  const args = String(process.env.NODE_OPTIONS || '').split(/\\s+/).concat(process.execArgv);
  let oldSpace = null;
  for (let i = 0; i < args.length; i++) {
    const m = /^--max[-_]old[-_]space[-_]size(?:=(\\d+))?$/.exec(args[i]);
    if (m) oldSpace = Number(m[1] !== undefined ? m[1] : args[i + 1]) * 1048576;
  }
  const limit = oldSpace > 0 && oldSpace < heapSizeLimit ? oldSpace : heapSizeLimit;
  return { limit, heapSizeLimit };
})()`;

export interface HeapLimit {
  /** The old generation's limit (--max-old-space-size) when the process was given one, else heap_size_limit. */
  limit: number;
  /** V8's heap_size_limit: the old generation's limit and the young generation's reservation. */
  heapSizeLimit: number;
}

/** The expression's answer, checked: a foreign process (attach) may answer anything. */
export function readHeapLimit(value: unknown): HeapLimit | null {
  if (typeof value !== 'object' || value === null) return null;
  const { limit, heapSizeLimit } = value as Record<string, unknown>;
  return typeof limit === 'number' && limit > 0 && typeof heapSizeLimit === 'number' && heapSizeLimit > 0 ? { limit, heapSizeLimit } : null;
}

/** In this process (the measured child). */
export function heapLimitHere(): HeapLimit | null {
  return readHeapLimit((0, eval)(HEAP_LIMIT_EXPRESSION));
}
