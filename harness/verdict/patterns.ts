// Well-known leak shapes, recognised from the evidence and said in one plain sentence: what
// workshop attendees and tired engineers read first. Each matcher reads plain figures (the
// culprit's class and path, the containers that grew, the survivors' classes) and returns a
// sentence or nothing; the first that matches wins, most specific first.

import { CONTEXT, isClosureScope, type PathStep } from '../heap/index.ts';

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
  culprit: { type: string; name: string; count: number; path: readonly PathStep[]; holder: string } | null;
  /** The long-lived object that grew, when one did (largest first). */
  containers: readonly { type: string; name: string; holder: string; perIteration: number; path: readonly PathStep[] }[];
  /** The survivors' classes, most persistent bytes first. */
  classes: readonly { type: string; name: string; persistentCount: number }[];
  /** Memory that stays up (high-water) rather than grows: no "without bound" shapes. */
  bounded?: boolean;
}

const COLLECTIONS = new Set(['Map', 'Set', 'Array', 'WeakMap', 'Object']);

function onPath(path: readonly PathStep[], test: (step: PathStep) => boolean): boolean {
  return path.some(test);
}

function topClasses(e: PatternEvidence, n = 4): string[] {
  return e.classes.slice(0, n).map((c) => c.name);
}

/** After the program's last module scope, a closure's own scope holds a variable on the path. */
function heldInClosureScope(path: readonly PathStep[]): boolean {
  let lastModule = -1;
  path.forEach((s, i) => {
    if (s.scope?.kind === 'module') lastModule = i;
  });
  return path.some((_, i) => i > lastModule && isClosureScope(path, i) && path[i + 1]?.edge?.type === 'context');
}

const quote = (holder: string): string => (holder ? `\`${holder}\`` : 'a long-lived object');

type Matcher = (e: PatternEvidence, path: readonly PathStep[], holder: string) => Pattern | null;

const MATCHERS: Matcher[] = [
  // Registries kept by Node's runtime itself.
  (e, path) =>
    onPath(path, (s) => /AsyncLocalStorage|storageList|async_context_frame/i.test(`${s.node.className} ${s.edge?.name ?? ''}`)) || topClasses(e).includes('AsyncLocalStorage')
      ? {
          id: 'runtime-registry',
          sentence:
            "Node's runtime keeps what is made per iteration: every AsyncLocalStorage instance stays registered with async hooks until disable() is called; create one per purpose at module level, not one per request.",
        }
      : null,
  (e, path) =>
    onPath(path, (s) => /kDependantSignals|kSourceSignals|dependant|gcPersistentSignals/i.test(s.edge?.name ?? '')) || topClasses(e).includes('AbortSignal')
      ? {
          id: 'runtime-registry',
          sentence:
            "Node's runtime keeps what is made per iteration: a long-lived AbortSignal keeps a reference to every signal made from it with AbortSignal.any() or AbortSignal.timeout(), until it aborts; derive per-request signals from a per-request source.",
        }
      : null,
  // Listeners on an EventEmitter: kept in its `_events` object, one array per event name.
  (e, path, holder) =>
    onPath(path, (s) => s.edge?.name === '_events')
      ? {
          id: 'listeners',
          sentence: `Listeners pile up on an EventEmitter: ${quote(holder)} gains one per iteration and none is removed; remove each when its work ends (off/removeListener) or register it with once().`,
        }
      : null,
  // Listeners on an EventTarget (AbortSignal, MessagePort...): Node keeps them in a list per type.
  (e, path, holder) =>
    onPath(path, (s) => /kEvents|kListeners/.test(s.edge?.name ?? '') || /^(AbortSignal|EventTarget|Listener)$/.test(s.node.className)) &&
    !onPath(path, (s) => /kDependantSignals|dependant/i.test(s.edge?.name ?? ''))
      ? {
          id: 'listeners',
          sentence: `Listeners pile up on an EventTarget: ${quote(holder)} gains one per iteration and none is removed; call removeEventListener when the work ends, or pass { once: true } or { signal }.`,
        }
      : null,
  // Timers never cleared: Node keeps every active Timeout in a linked list per duration.
  (e, path) =>
    e.culprit?.name === 'Timeout' || onPath(path, (s) => /^_idle(Prev|Next)$/.test(s.edge?.name ?? '') || s.node.className === 'TimersList') || topClasses(e, 2).includes('Timeout')
      ? {
          id: 'timers',
          sentence: "Timers are never cleared: a Timeout per iteration stays in Node's timer list with its callback and all it captures; call clearInterval/clearTimeout when the work they belong to ends.",
        }
      : null,
  // A never-settling promise: each then()/await adds a PromiseReaction to its list.
  (e, path, holder) =>
    onPath(path, (s) => s.node.className === 'PromiseReaction' || s.node.name.includes('PromiseReaction')) ||
    e.containers[0]?.name === 'Promise' ||
    topClasses(e).some((n) => n.includes('PromiseReaction'))
      ? {
          id: 'promise-reactions',
          sentence: `A promise that never settles collects reactions: every then() or await on ${quote(holder)} adds one, and it keeps them (and what their callbacks capture) until it settles; settle it, or race it against something per request.`,
        }
      : null,
  // A writable stream whose writer ignores backpressure: chunks pile up in its buffer.
  (e, path, holder) =>
    onPath(path, (s) => s.edge?.name === '_writableState') && onPath(path, (s) => /kBufferedValue|^buffered$|bufferedRequest/.test(s.edge?.name ?? ''))
      ? {
          id: 'stream-backpressure',
          sentence: `A stream buffers without bound: write() returned false and the writer went on, so every chunk waits in ${quote(holder)}; wait for 'drain' (or use pipeline()) before writing more.`,
        }
      : null,
  // A small view pinning a large ArrayBuffer (a subarray of a frame, a slice of Node's 8 KiB pool).
  // (Memory that stays up is not this shape: a pool of large buffers holds them whole.)
  (e, path) =>
    !e.bounded && (/JSArrayBufferData|ArrayBuffer/.test(e.culprit?.name ?? '') || onPath(path, (s) => s.edge?.name === 'backing_store'))
      ? {
          id: 'buffer-view',
          sentence:
            "Small Buffer views pin whole ArrayBuffers: each kept view (a subarray, or a small Buffer carved out of Node's 8 KiB pool) keeps its entire backing store alive; copy the bytes you keep (Buffer.from(view), or Buffer.allocUnsafeSlow for pool-sized ones).",
        }
      : null,
  // A sliced string keeps its parent.
  (e, path) =>
    onPath(path, (s) => s.edge?.name === 'parent') && onPath(path, (s) => s.node.type === 'sliced string')
      ? {
          id: 'sliced-string',
          sentence:
            'Short slices keep their parent strings alive: V8 makes slice/substring/match results of 13 characters or more point into the large string they came from; copy what you keep so the parent can go.',
        }
      : null,
  // Closures sharing a Context: the culprit is the scope, or what a closure's scope variable holds.
  (e, path, holder) =>
    e.culprit?.name === CONTEXT || heldInClosureScope(path)
      ? {
          id: 'closure-context',
          sentence: `Closures share their scope's Context: a small callback kept alive (${quote(holder)}) keeps every variable any closure of that scope captured; move the large value out of that scope or stop capturing it.`,
        }
      : null,
  // A plain object used as a dictionary.
  (e, path, holder) => {
    if (e.bounded) return null;
    const grown = e.containers[0];
    if (!grown || grown.name !== 'Object' || e.culprit?.name !== grown.name) {
      const last = path.at(-1);
      const viaProperty = last?.edge?.type === 'property' && path.at(-2)?.node.className === 'Object';
      if (!(viaProperty && e.containers[0]?.name === 'Object')) return null;
    }
    return {
      id: 'property-dictionary',
      sentence: `An object used as a dictionary grows without bound: ${quote(holder)} gains a property per iteration and none is deleted; use a Map with a bound or an expiry, and never let request data choose property names.`,
    };
  },
  // An unbounded Map, Set or array.
  (e, path, holder) => {
    if (e.bounded) return null;
    const grown = e.containers.find((c) => COLLECTIONS.has(c.name));
    const kind = grown?.name ?? path.slice(0, -1).reverse().find((s) => COLLECTIONS.has(s.node.className))?.node.className;
    if (!kind) return null;
    return {
      id: 'unbounded-collection',
      sentence: `An unbounded ${kind === 'Object' ? 'object' : kind}: ${quote(holder)} gains entries every iteration and nothing removes them; bound it (an LRU or a ring), expire entries, or key a WeakMap by an object whose lifetime matches.`,
    };
  },
];

/** The leak shape the evidence matches, or null. `holder` is the one-line holder to quote. */
export function recognisePattern(e: PatternEvidence, path: readonly PathStep[], holder: string): Pattern | null {
  for (const match of MATCHERS) {
    const found = match(e, path, holder);
    if (found) return found;
  }
  return null;
}
