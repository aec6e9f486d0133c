// The leak-shapes catalogue: what a person would say about each program in test/leak-shapes/.
// Leaks are folders (<slug>/buggy.ts leaks, <slug>/fixed.ts is clean); traps are single files
// (traps/<slug>.ts) that look like growth at first but are not leaks.
//
// Rates were measured on Node 20.20 with the lab's default protocol (50 warm-up iterations,
// two intervals of 200) as (totals[2] - totals[0]) / 400, and were identical over two runs;
// each range is the measured figure ±40 %. Every fixed variant measured between -1 and +8 B/it.
// Traps have no rate: their first interval may jump (lazy-init, bounded-lru fill up there),
// but their second interval stays within a few bytes per iteration of zero.

/** Where Node's own implementation changes a leak's cost per iteration, ranges say which. */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

export interface ShapeExpectation {
  slug: string; // folder name (leaks) or file base name (traps)
  kind: 'leak' | 'trap';
  /** The catalogue folder that holds the entry (test/leak-shapes/ when absent). */
  dir?: string;
  /** What a person would say holds the leak, as a RegExp over a one-line holder text such as
   *  `buggy.ts (module) → queue` (a module-level variable), `onMessage() → body` (a closure variable),
   *  `config._events.reload` (a property chain), or for memory held by Node itself e.g. `Node's timer list`. */
  holder?: RegExp;
  /** The leak pattern id (or ids, any one of which is right) the lab should recognise:
   *  'unbounded-collection' | 'listeners' | 'timers' | 'promise-reactions' | 'closure-context' | 'buffer-view' |
   *  'sliced-string' | 'runtime-registry' | 'property-dictionary' | 'stream-backpressure', or 'none' where no
   *  listed shape fits (then the lab recognising no pattern is right). */
  pattern?: string | string[];
  /** For an unbounded collection, the kind the pattern's sentence must name: 'Array', 'Map', 'Set' or 'object'
   *  (checked when the lab answers 'unbounded-collection'). */
  collectionKind?: 'Array' | 'Map' | 'Set' | 'object';
  /** Expected leak rate, bytes per iteration, as [min, max] (measure it, then give a range of about ±40 %). */
  bytesPerIteration?: [number, number];
}

export const SHAPES: ShapeExpectation[] = [
  // An array used as a FIFO through a head index: every job stays in `queue` (measured 134.9 B/it).
  { slug: 'queue-never-compacted', kind: 'leak', holder: /buggy\.ts \(module\) → queue\b/, pattern: 'unbounded-collection', bytesPerIteration: [81, 189] },
  // Five Smi ids per iteration in a Set: only the hash table grows (measured 192.2 B/it).
  { slug: 'set-of-ids', kind: 'leak', holder: /buggy\.ts \(module\) → seen\b/, pattern: 'unbounded-collection', bytesPerIteration: [115, 269] },
  // A 32-byte Ticket per iteration, in session.pending, and its id in tracker.seen (measured 76.7 B/it).
  { slug: 'slow-two-sets', kind: 'leak', holder: /buggy\.ts \(module\) → (session\.pending|tracker\.seen)\b/, pattern: 'unbounded-collection', bytesPerIteration: [46, 107] },
  // Promise.race against a module-level promise that never settles: reactions chain on `shutdown` (measured 311.9 B/it).
  { slug: 'promise-never-settles', kind: 'leak', holder: /buggy\.ts \(module\) → shutdown\b/, pattern: 'promise-reactions', bytesPerIteration: [187, 437] },
  // A 60 s heartbeat interval per connection, never cleared: Node's timer list (timerListMap[60000]) keeps them (measured 376.3 B/it).
  { slug: 'interval-never-cleared', kind: 'leak', holder: /timer|Timeout/i, pattern: 'timers', bytesPerIteration: [226, 527] },
  // config.on('reload', ...) per request, never removed (measured 121.9 B/it).
  { slug: 'emitter-listener-per-request', kind: 'leak', holder: /buggy\.ts \(module\) → config\b|config\._events\.reload/, pattern: 'listeners', bytesPerIteration: [73, 171] },
  // addEventListener('abort') on the long-lived serverShutdown.signal per request (measured 284.9 B/it).
  { slug: 'eventtarget-listener', kind: 'leak', holder: /buggy\.ts \(module\) → serverShutdown\b|serverShutdown\.signal|AbortSignal/, pattern: 'listeners', bytesPerIteration: [171, 399] },
  // registry[name] = hook with hostile, unique names (HTML, ANSI, Markdown, newlines, 500 chars) (measured 223.4 B/it).
  // A plain object used as a dictionary: the property-dictionary shape, whose sentence also warns
  // against letting request data choose property names.
  { slug: 'registry-hostile-keys', kind: 'leak', holder: /buggy\.ts \(module\) → registry\b/, pattern: 'property-dictionary', bytesPerIteration: [134, 313] },
  // `stats` in dictionary mode after a delete, a new property per user id (measured 93.7 B/it).
  { slug: 'dictionary-properties', kind: 'leak', holder: /buggy\.ts \(module\) → stats\b/, pattern: 'property-dictionary', bytesPerIteration: [56, 131] },
  // new AsyncLocalStorage() per request, never disabled: held by Node's async_hooks storageList (measured 239.4 B/it).
  // Node 24 and later keep stores in AsyncContextFrames instead, a smaller cost per storage:
  // held by the running frame, measured 70 to 77 B/it on Node 24 and 26.
  {
    slug: 'runtime-async-local-storage',
    kind: 'leak',
    holder: /AsyncLocalStorage|storageList|async/i,
    pattern: 'runtime-registry',
    bytesPerIteration: NODE_MAJOR >= 24 ? [44, 108] : [144, 335],
  },
  // AbortSignal.any([serverShutdown.signal, per-request]) with an abort listener left on it: held by Node's gcPersistentSignals (measured 1029.1 B/it).
  { slug: 'runtime-abortsignal-any', kind: 'leak', holder: /gcPersistentSignals|AbortSignal|signal/i, pattern: 'runtime-registry', bytesPerIteration: [617, 1441] },
  // A 12-byte subarray of every 4th pooled message pins its 8 KiB pool slab (measured 335.9 B/it).
  { slug: 'pool-slab-pinned', kind: 'leak', holder: /buggy\.ts \(module\) → flaggedTokens\b/, pattern: 'buffer-view', bytesPerIteration: [202, 470] },
  // A 32-char regex capture of a 16 KiB body, 1 request in 16, kept in a Map: the sliced string keeps the body (measured 1009.7 B/it).
  { slug: 'sliced-string-token', kind: 'leak', holder: /buggy\.ts \(module\) → sampledTokens\b/, pattern: 'sliced-string', bytesPerIteration: [606, 1414] },
  // describe() kept in disconnectLog shares its Context with onMessage(), which holds a 16 KiB backlog (measured 547.7 B/it).
  { slug: 'closure-shared-context', kind: 'leak', holder: /buggy\.ts \(module\) → disconnectLog\b/, pattern: 'closure-context', bytesPerIteration: [329, 767] },
  // A memo keyed by address:port, unique per connection, never evicted (measured 216.9 B/it).
  { slug: 'unbounded-map-cache', kind: 'leak', holder: /buggy\.ts \(module\) → geoCache\b/, pattern: 'unbounded-collection', bytesPerIteration: [130, 304] },

  // Issue 20's slow leaks, measured outside the lab with test/real-libraries/verify.ts (heapUsed + external
  // after a full GC, 500 warm-up iterations, then 8000): see each entry.
  // One Smi sequence number per iteration in a Set (issue 20: ~42 B/iteration). A Set grows in steps (its
  // table doubles), so any window's rate depends on where the doublings fall: measured 29.6 B/it over
  // iterations 500..6500 and 83.9 B/it over 500..8500 (a doubling at 8192); the range was issue 20's ±50 %.
  // Widened below after the first lab run (20.7 B/it over iterations 50..3800, its doubling intervals):
  // an OrderedHashSet of Smis costs 20 B per entry when full and 40 B just after it doubles, so a window's
  // rate lies anywhere from about 20 to 40 B/it (84 with a doubling at its very end); 15 is 20 less 25 %.
  { slug: 'slow-seen-sequence', kind: 'leak', holder: /buggy\.ts \(module\) → handledSequences\b/, pattern: 'unbounded-collection', collectionKind: 'Set', bytesPerIteration: [15, 63] },
  // One 16-field (~152 B) audit record every tenth iteration in an Array (issue 20: ~16 B/iteration;
  // measured 20.1 B/it over iterations 500..8500, the record plus the Array's slot and growth).
  { slug: 'slow-object-every-ten', kind: 'leak', holder: /buggy\.ts \(module\) → auditTrail\b/, pattern: 'unbounded-collection', collectionKind: 'Array', bytesPerIteration: [10, 30] },

  // Traps: not leaks.
  // A ~290 KiB table built on the first export request, at iteration 120 (interval 1 jumps, interval 2 flat).
  { slug: 'lazy-init', kind: 'trap' },
  // An LRU Map capped at 200 sessions; fills up during interval 1, then evicts.
  { slug: 'bounded-lru', kind: 'trap' },
  // WeakRef cache cleaned by a FinalizationRegistry: entries linger until the cleanup callbacks run.
  { slug: 'weakref-finalization-lag', kind: 'trap' },
  // 1 MiB Buffer.alloc per iteration, used and dropped.
  { slug: 'large-transient-buffers', kind: 'trap' },
  // A timeout and an interval armed and cleared in the same iteration.
  { slug: 'timers-cleared', kind: 'trap' },
  // A 32-slot ring of samples, overwritten in place.
  { slug: 'bounded-ring-buffer', kind: 'trap' },
];
