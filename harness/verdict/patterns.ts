// Well-known leak shapes, recognised from the evidence and said in one plain sentence: what
// workshop attendees and tired engineers read first. The shape is decided by what grows: the
// object that holds the culprit's largest group (heap/groups.ts) or the container that grew,
// and what its entries are. The route from the GC roots to it says nothing of the shape (every
// ES module's variables are reached through Node's module loader and a closure's scope), so
// only the few steps around that object are read. Each matcher returns a sentence or nothing;
// the first that matches wins, most specific first; when none fits, no sentence is said.

import { CONTEXT, type PathStep } from '../heap/index.ts';

export type PatternId =
  | 'listeners'
  | 'timers'
  | 'promise-reactions'
  | 'buffer-view'
  | 'sliced-string'
  | 'closure-context'
  | 'stream-backpressure'
  | 'runtime-registry'
  | 'property-dictionary'
  | 'unbounded-collection';

export interface Pattern {
  id: PatternId;
  sentence: string;
}

/** What the matchers read. */
export interface PatternEvidence {
  culprit: {
    type: string;
    name: string;
    count: number;
    path: readonly PathStep[];
    holder: string;
    /** Index in `path` of the object that holds the culprit's largest group, or of the container that grew. */
    holderAt?: number;
  } | null;
  /** The long-lived object that grew, when one did (largest first). */
  containers: readonly { type: string; name: string; holder: string; perIteration: number; path: readonly PathStep[] }[];
  /** The survivors' classes, most persistent bytes first. */
  classes: readonly { type: string; name: string; persistentCount: number }[];
  /** Memory that stays up (high-water) rather than grows: no "without bound" shapes. */
  bounded?: boolean;
}

/** What grows, as read from the path: the holding object and the steps around it. */
interface Grower {
  /** The holding object: the owner of a store (a Map for its table, an Array for its elements). */
  owner: PathStep | undefined;
  /** The store it keeps its entries in, when the holder is one (a hash table, an elements store). */
  store: PathStep | undefined;
  /** From a few steps above the owner to the culprit's object: where the shape shows. */
  near: readonly PathStep[];
  /** From the holding object down to the culprit's object: what each entry keeps. */
  below: readonly PathStep[];
}

/** Steps above the holding object that still tell its shape (`sink._writableState.buffered`). */
const STEPS_ABOVE = 3;

const isStore = (step: PathStep | undefined): boolean => step?.node.type === 'hidden' || step?.node.type === 'array';

function growerOf(e: PatternEvidence, path: readonly PathStep[]): Grower {
  const given = e.culprit?.holderAt ?? -1;
  let at = given >= 0 ? given : path.length - 2;
  const below = path.slice(at + 1);
  let store: PathStep | undefined;
  while (at > 0 && isStore(path[at])) store ??= path[at--];
  return { owner: path[at], store, near: path.slice(Math.max(0, at - STEPS_ABOVE)), below };
}

/** What each entry keeps is a variable of a function's scope, kept by a closure: `slowRequests[…] → onDone() → order`. */
function keptInClosureScope(below: readonly PathStep[]): boolean {
  return below.some((s, i) => s.edge?.type === 'context' && below[i - 1]?.node.name === CONTEXT && below[i - 2]?.node.type === 'closure');
}

/** The kind of collection a store or its owner is: Map, Set, Array, or a plain object. */
function collectionKind(g: Grower): string | null {
  const table = g.store?.node.name ?? '';
  if (/OrderedHashMap|HashMap/.test(table)) return 'Map';
  if (/OrderedHashSet|HashSet/.test(table)) return 'Set';
  const owner = g.owner?.node.className ?? '';
  if (/^(Map|Set|Array|WeakMap|WeakSet)$/.test(owner)) return owner;
  if (g.store?.node.type === 'array' || g.store?.edge?.name === 'elements') return owner === 'Object' ? 'Object' : 'Array';
  if (owner === 'Object') return 'Object';
  return null;
}

const edgeNamed = (steps: readonly PathStep[], test: RegExp): boolean => steps.some((s) => test.test(s.edge?.name ?? ''));
const classNamed = (steps: readonly PathStep[], test: RegExp): boolean => steps.some((s) => test.test(s.node.className));

function topClasses(e: PatternEvidence, n = 4): string[] {
  return e.classes.slice(0, n).map((c) => c.name);
}

const quote = (holder: string): string => (holder ? `\`${holder}\`` : 'a long-lived object');

type Matcher = (e: PatternEvidence, g: Grower, holder: string) => Pattern | null;

const MATCHERS: Matcher[] = [
  // Registries kept by Node's runtime itself.
  (e, g) =>
    edgeNamed(g.near, /storageList|async_context_frame/i) || classNamed(g.near, /^(AsyncLocalStorage|AsyncContextFrame)$/) || topClasses(e).includes('AsyncLocalStorage')
      ? {
          id: 'runtime-registry',
          sentence:
            "Node's runtime keeps what is made per iteration: every AsyncLocalStorage instance stays registered with async hooks until disable() is called; create one per purpose at module level, not one per request.",
        }
      : null,
  (e, g) =>
    edgeNamed(g.near, /kDependantSignals|kSourceSignals|dependant|gcPersistentSignals/i) || topClasses(e).includes('AbortSignal')
      ? {
          id: 'runtime-registry',
          sentence:
            "Node's runtime keeps what is made per iteration: a long-lived AbortSignal keeps a reference to every signal made from it with AbortSignal.any() or AbortSignal.timeout(), until it aborts; derive per-request signals from a per-request source.",
        }
      : null,
  // Node's module loader: every distinct specifier (a cache-busting query) is a new module, kept.
  (e, g) =>
    /^(LoadCache|ModuleMap)$/.test(g.owner?.node.className ?? '') || /^(ModuleJob|ModuleJobSync|ModuleWrap)$/.test(e.culprit?.name ?? '')
      ? {
          id: 'runtime-registry',
          sentence:
            "Node's module loader keeps every module it loads, for the life of the process: each import() of a new specifier (a cache-busting ?query, a generated file) adds one that is never freed; import a module once and call it, or run reloadable code in a worker you can end.",
        }
      : null,
  // Listeners on an EventEmitter: kept in its `_events` object, one array per event name.
  (e, g, holder) =>
    edgeNamed(g.near, /^_events$/)
      ? {
          id: 'listeners',
          sentence: `Listeners pile up on an EventEmitter: ${quote(holder)} gains one per iteration and none is removed; remove each when its work ends (off/removeListener) or register it with once().`,
        }
      : null,
  // Listeners on an EventTarget (AbortSignal, MessagePort...): Node keeps them in a list per type.
  (e, g, holder) =>
    (edgeNamed(g.near, /kEvents|kListeners/) || /^(AbortSignal|EventTarget|Listener)$/.test(g.owner?.node.className ?? '')) &&
    !edgeNamed(g.near, /kDependantSignals|dependant/i)
      ? {
          id: 'listeners',
          sentence: `Listeners pile up on an EventTarget: ${quote(holder)} gains one per iteration and none is removed; call removeEventListener when the work ends, or pass { once: true } or { signal }.`,
        }
      : null,
  // Timers never cleared: Node keeps every active Timeout in a linked list per duration.
  (e, g) =>
    e.culprit?.name === 'Timeout' || g.owner?.node.className === 'TimersList' || edgeNamed(g.near, /^_idle(Prev|Next)$/) || topClasses(e, 2).includes('Timeout')
      ? {
          id: 'timers',
          sentence: "Timers are never cleared: a Timeout per iteration stays in Node's timer list with its callback and all it captures; call clearInterval/clearTimeout when the work they belong to ends.",
        }
      : null,
  // A never-settling promise: each then()/await adds a PromiseReaction to its list.
  (e, g, holder) =>
    g.owner?.node.className === 'Promise' ||
    classNamed(g.near, /PromiseReaction/) ||
    e.culprit?.name.includes('PromiseReaction') ||
    (e.culprit?.count === 1 && e.culprit.name === 'Promise')
      ? {
          id: 'promise-reactions',
          sentence: `A promise that never settles collects reactions: every then() or await on ${quote(holder)} adds one, and it keeps them (and what their callbacks capture) until it settles; settle it, or race it against something per request.`,
        }
      : null,
  // A writable stream whose writer ignores backpressure: chunks pile up in its buffer.
  (e, g, holder) =>
    edgeNamed(g.near, /^_writableState$/) && edgeNamed(g.near, /kBufferedValue|^buffered$|bufferedRequest/)
      ? {
          id: 'stream-backpressure',
          sentence: `A stream buffers without bound: write() returned false and the writer went on, so every chunk waits in ${quote(holder)}; wait for 'drain' (or use pipeline()) before writing more.`,
        }
      : null,
  // A small view pinning a large ArrayBuffer (a subarray of a frame, a slice of Node's 8 KiB pool).
  // (Memory that stays up is not this shape: a pool of large buffers holds them whole.)
  (e, g) =>
    !e.bounded && (/JSArrayBufferData|ArrayBuffer/.test(e.culprit?.name ?? '') || edgeNamed(g.near, /^backing_store$/))
      ? {
          id: 'buffer-view',
          sentence:
            "Small Buffer views pin whole ArrayBuffers: each kept view (a subarray, or a small Buffer carved out of Node's 8 KiB pool) keeps its entire backing store alive; copy the bytes you keep (Buffer.from(view), or Buffer.allocUnsafeSlow for pool-sized ones).",
        }
      : null,
  // A sliced string keeps its parent.
  (e, g) =>
    edgeNamed(g.near, /^parent$/) && g.near.some((s) => s.node.type === 'sliced string')
      ? {
          id: 'sliced-string',
          sentence:
            'Short slices keep their parent strings alive: V8 makes slice/substring/match results of 13 characters or more point into the large string they came from; copy what you keep so the parent can go.',
        }
      : null,
  // Closures sharing a Context: said when the scopes themselves accumulate, each keeping what
  // any closure of it captured, or when a bounded set of kept callbacks each keeps a value in
  // its scope (memory that stays up: the collection is not the problem, what each entry keeps
  // is). A path that merely passes through a closure's scope above the holder (a middleware's
  // `store`) is how the program reaches the collection, not the shape.
  (e, g, holder) =>
    e.culprit?.name === CONTEXT || (e.bounded && keptInClosureScope(g.below))
      ? {
          id: 'closure-context',
          sentence: `Closures share their scope's Context: a small callback kept alive (${quote(holder)}) keeps every variable any closure of that scope captured; move the large value out of that scope or stop capturing it.`,
        }
      : null,
  // A plain object used as a dictionary.
  (e, g, holder) =>
    !e.bounded && collectionKind(g) === 'Object'
      ? {
          id: 'property-dictionary',
          sentence: `An object used as a dictionary grows without bound: ${quote(holder)} gains a property per iteration and none is deleted; use a Map with a bound or an expiry, and never let request data choose property names.`,
        }
      : null,
  // An unbounded Map, Set or array: the kind is the holding object's own.
  (e, g, holder) => {
    const kind = e.bounded ? null : collectionKind(g);
    if (!kind) return null;
    const advice =
      kind === 'Array'
        ? 'remove each entry when its work is done (in a finally block, or when it completes), or, for a history, bound it (a ring)'
        : 'remove each entry when its work is done (in a finally block, or on close or expiry), or, for a cache, bound it (an LRU) or key a WeakMap by an object whose lifetime matches';
    return {
      id: 'unbounded-collection',
      sentence: `An unbounded ${kind}: ${quote(holder)} gains entries every iteration and nothing removes them; ${advice}.`,
    };
  },
];

/** The leak shape the evidence matches, or null. `holder` is the one-line holder to quote. */
export function recognisePattern(e: PatternEvidence, path: readonly PathStep[], holder: string): Pattern | null {
  const grower = growerOf(e, path);
  for (const match of MATCHERS) {
    const found = match(e, grower, holder);
    if (found) return found;
  }
  return null;
}
