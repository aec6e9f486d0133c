// The real-libraries catalogue (issue 20): leaks reported against real npm packages and Node
// built-ins, written the way a service would write them, with what a person would say about
// each. Leaks are folders (<slug>/buggy.ts leaks, <slug>/fixed.ts is the fix people apply;
// buggy.ts cites the report); traps are single files (traps/<slug>.ts), bounded for real.
//
// Holders and shapes were decided from each program's semantics and the library's source,
// before the lab ever ran on them. Rates were measured outside the lab on Node 20.20 with
//   npx tsx test/real-libraries/verify.ts <slug>
// (heapUsed + external after a full GC, 500 warm-up iterations, then 4000 with checkpoints
// every 1000; rate = (last - first) / 4000); each range is the measured figure ±50 %. Every
// fixed variant and trap rose by at most ~100 KiB over the 4000 iterations and then stayed
// flat (JIT and lazy library state), i.e. under 35 B/iteration, with no trend.
import { fileURLToPath } from 'node:url';
import type { ShapeExpectation } from '../leak-shapes/catalogue.ts';

export const LIBRARIES_DIR = fileURLToPath(new URL('./', import.meta.url));

const dir = LIBRARIES_DIR;

export const LIBRARY_SHAPES: ShapeExpectation[] = [
  // prom-client@15.1.3: a label carrying the user id; one label set per request in the counter's
  // `hashMap`, a plain object keyed by the label set (measured 284.5 B/it).
  { slug: 'prom-client-label-cardinality', kind: 'leak', dir, holder: /buggy\.ts \(module\) → (httpRequests|registry)\b|httpRequests\.hashMap|\bhashMap\b/, pattern: ['unbounded-collection', 'property-dictionary'], collectionKind: 'object', bytesPerIteration: [142, 427] },
  // express-session@1.18.1: MemoryStore's `sessions` (Object.create(null)), one JSON string per
  // visitor, never read again so never expired (measured 343.2 B/it).
  { slug: 'express-session-memory-store', kind: 'leak', dir, holder: /buggy\.ts \(module\) → store\b|store\.sessions\b|\bsessions\b/, pattern: ['unbounded-collection', 'property-dictionary'], collectionKind: 'object', bytesPerIteration: [172, 515] },
  // lodash@4.17.21: memoize's MapCache; string keys land in its 'string' Hash, whose __data__ is
  // Object.create(null), a plain object (measured 234.8 B/it).
  { slug: 'lodash-memoize-unbounded', kind: 'leak', dir, holder: /buggy\.ts \(module\) → formatQuote\b|formatQuote\.cache|__data__/, pattern: ['unbounded-collection', 'property-dictionary'], collectionKind: 'object', bytesPerIteration: [117, 352] },
  // dataloader@2.2.3: the module-level loader's `_cacheMap`, a Map of key → Promise (measured 174.2 B/it).
  { slug: 'dataloader-module-level', kind: 'leak', dir, holder: /buggy\.ts \(module\) → userLoader\b|userLoader\._cacheMap|_cacheMap/, pattern: 'unbounded-collection', collectionKind: 'Map', bytesPerIteration: [87, 261] },
  // axios@1.7.9: `api.interceptors.request.handlers`, an Array that gains one interceptor (and
  // the closure over the token) per call (measured 202.5 B/it).
  { slug: 'axios-interceptor-per-request', kind: 'leak', dir, holder: /buggy\.ts \(module\) → api\b|interceptors\.request\.handlers|\bhandlers\b/, pattern: ['unbounded-collection', 'listeners'], collectionKind: 'Array', bytesPerIteration: [101, 304] },
  // debug@3.2.7: `createDebug.instances`, the library's module-level Array of every debug
  // instance ever made (measured 360.8 B/it).
  { slug: 'debug-instance-per-request', kind: 'leak', dir, holder: /createDebug\b|\binstances\b/, pattern: ['unbounded-collection', 'runtime-registry'], collectionKind: 'Array', bytesPerIteration: [180, 541] },
  // Node's ES module loader: one module record (source, compiled code, namespace) per distinct
  // URL, kept in the loader's module map / load cache (measured 5772.7 B/it).
  { slug: 'esm-import-cache-busting', kind: 'leak', dir, holder: /loadCache|moduleMap|ModuleMap|ModuleJob|module loader/i, pattern: 'runtime-registry', bytesPerIteration: [2886, 8659] },
  // node-cache@5.1.2: each cache's re-arming 600 s check timer sits in Node's timer list and
  // keeps the cache (and its data) alive. Measured 4088.6 B/it over 4000 iterations and 8917.9
  // B/it over 800 (the early iterations cost more; the lab's window is the early one): the range
  // spans both, wider than ±50 % for that reason.
  { slug: 'node-cache-per-request', kind: 'leak', dir, holder: /timer|Timeout|checkTimeout|NodeCache/i, pattern: 'timers', bytesPerIteration: [2044, 13377] },
  // rxjs@7.8.1: the Subject's `observers` Array gains a Subscriber per connection (measured 677.0 B/it).
  { slug: 'rxjs-subject-never-unsubscribed', kind: 'leak', dir, holder: /buggy\.ts \(module\) → configChanges\b|configChanges\.(observers|currentObservers)|\bobservers\b/, pattern: ['listeners', 'unbounded-collection'], collectionKind: 'Array', bytesPerIteration: [338, 1016] },
  // node:events once() raced against each job: a 'shutdown' and an 'error' listener, and the
  // pending promise's reactions, left on `lifecycle` per job (measured 1440.8 B/it).
  { slug: 'events-once-without-signal', kind: 'leak', dir, holder: /buggy\.ts \(module\) → lifecycle\b|lifecycle\._events/, pattern: ['listeners', 'promise-reactions'], bytesPerIteration: [720, 2161] },

  // Traps: not leaks.
  // lru-cache@11.0.2 with max 300: fills during the warm-up and first interval, then evicts.
  { slug: 'lru-cache-bounded', kind: 'trap', dir },
  // generic-pool@3.9.0, max 4, acquire/release in finally: four connections, reused.
  { slug: 'generic-pool-used-correctly', kind: 'trap', dir },
  // prom-client@15.1.3 histogram with 36 label sets at most: warms up, then only counts change.
  { slug: 'prom-client-bounded-labels', kind: 'trap', dir },
];
