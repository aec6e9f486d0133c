// Scopes in the program's terms. V8 keeps a function's captured variables in a `Context`
// object; a path through one reads `system / Context`, which tells a developer nothing. This
// names a Context as the scope it is: the top level of a module (`buggy.ts (module)`), or a
// function's locals.
//
// What a snapshot shows of a Context (Node 20 to 26):
//  1. `previous` leads to the enclosing scope's Context, and at the top to the NativeContext.
//  2. An ES module's top-level Context sits right under the NativeContext. A CommonJS module's
//     sits under the wrapper function's Context (whose captured variables can only be the
//     wrapper's parameters: exports, require, module, __filename, __dirname), or is that one.
//  3. The file is the script of a function created in that scope: closure `shared` ->
//     SharedFunctionInfo `script` (or `script_or_debug_info`) -> Script, named by its URL.
//     On Node 20, `script_or_debug_info` of a function with a DebugInfo (coverage, a
//     breakpoint) is the DebugInfo, whose unnamed field holds the Script.

import { CONTEXT, isNativeContextName, type HeapSnapshot } from './snapshot.ts';
import type { PathStep, Scope } from './paths.ts';

/** V8's name for the debugger's record of a function (a breakpoint, coverage). */
const DEBUG_INFO = 'system / DebugInfo';
/** A module scope whose file could not be found. */
const UNKNOWN_MODULE = '(a module)';
const CJS_WRAPPER_PARAMETERS = new Set(['exports', 'require', 'module', '__filename', '__dirname']);
/** Scope chains deeper than this are not followed (a corrupt or cyclic `previous`). */
const MAX_SCOPE_DEPTH = 256;

/**
 * A script of the program under test: not Node's own (`node:`), not a dependency's, not the
 * lab's harness, and known (a scope whose file was not found is `(a module)`). The one test
 * behind program paths and allocation sites.
 */
export function isProgramScript(script: string): boolean {
  return script !== '' && script !== UNKNOWN_MODULE && !script.startsWith('node:') && !script.includes('/node_modules/') && !script.includes('/harness/');
}

export class ScopeNames {
  /** Context ordinal -> a closure created in that scope (its `context` edge points there). */
  private closureOf: Map<number, number> | null = null;
  private readonly cache = new Map<number, Scope | null>();

  /** `ordinalOfId`: the analysis's id index (a path step names its node by id). */
  constructor(
    private readonly snap: HeapSnapshot,
    private readonly ordinalOfId: (id: number) => number,
  ) {}

  /** The scope a Context node is, or null for any other node. */
  scopeOf(node: number): Scope | null {
    let scope = this.cache.get(node);
    if (scope === undefined) this.cache.set(node, (scope = this.compute(node)));
    return scope;
  }

  /**
   * Every Context that is the top level of one of the program's own modules: not Node's
   * (`node:`), not a dependency's, not the lab's harness.
   */
  programModules(isProgramFile: (file: string) => boolean): number[] {
    const snap = this.snap;
    // A flag per string index: one load per node, in a loop over every node of the heap.
    const isContextName = new Uint8Array(snap.strings.size);
    for (const index of snap.strings.findEqual(CONTEXT)) isContextName[index] = 1;
    const found: number[] = [];
    for (let node = 0; node < snap.nodeCount; node++) {
      if (isContextName[snap.nodeName[node]] !== 1) continue;
      const scope = this.scopeOf(node);
      if (scope?.kind === 'module' && isProgramFile(scope.file)) found.push(node);
    }
    return found;
  }

  /** Adds `scope` to the Context steps of a path (found by node id). */
  annotate(steps: PathStep[]): PathStep[] {
    return steps.map((step) => {
      if (step.node.name !== CONTEXT) return step;
      const scope = this.scopeOf(this.ordinalOfId(step.node.id));
      return scope ? { ...step, scope } : step;
    });
  }

  private compute(node: number): Scope | null {
    const snap = this.snap;
    if (node < 0 || snap.name(node) !== CONTEXT) return null;
    const chain: number[] = [];
    let at = node;
    for (let depth = 0; depth < MAX_SCOPE_DEPTH; depth++) {
      const previous = this.edgeTarget(at, 'previous');
      if (previous < 0) return { kind: 'function', name: '' };
      if (isNativeContextName(snap.name(previous))) break;
      chain.push(previous);
      at = previous;
    }
    const isModule =
      chain.length === 0 || (chain.length === 1 && this.variables(chain[0]).every((name) => CJS_WRAPPER_PARAMETERS.has(name)));
    if (!isModule) return { kind: 'function', name: '' };
    const file = [node, ...chain].map((context) => this.fileOf(context)).find(Boolean);
    return { kind: 'module', file: file ?? UNKNOWN_MODULE };
  }

  private fileOf(context: number): string | null {
    const snap = this.snap;
    this.closureOf ??= this.indexClosures();
    const closure = this.closureOf.get(context);
    if (closure === undefined) return null;
    const shared = this.edgeTarget(closure, 'shared');
    if (shared < 0) return null;
    const script = this.scriptOf(shared);
    if (script < 0) return null;
    const name = snap.name(script);
    if (/^(file:|node:|\/|[A-Za-z]:\\)/.test(name)) return name;
    const named = this.edgeTarget(script, 'name');
    return named >= 0 && snap.typeName(named) === 'string' ? snap.name(named) : null;
  }

  /**
   * The Script of a SharedFunctionInfo. Node 20's V8 keeps it in `script_or_debug_info`, which
   * points to a DebugInfo instead once the function has one (it ran under coverage, a
   * breakpoint, a debugger that stepped or instrumented it): the Script is then the DebugInfo's
   * own field, an unnamed (hidden) edge. Node 22 on keep DebugInfos aside and `script` is direct.
   */
  private scriptOf(shared: number): number {
    const snap = this.snap;
    const target = Math.max(this.edgeTarget(shared, 'script_or_debug_info'), this.edgeTarget(shared, 'script'));
    if (target < 0 || snap.name(target) !== DEBUG_INFO) return target;
    for (let e = snap.firstEdge[target]; e < snap.firstEdge[target + 1]; e++) {
      const to = snap.edgeTo[e];
      if (to !== shared && this.edgeTarget(to, 'source') >= 0) return to;
    }
    return -1;
  }

  private indexClosures(): Map<number, number> {
    const snap = this.snap;
    const closureOf = new Map<number, number>();
    const closure = snap.T.closure;
    const internal = snap.E.internal;
    const contextNames = new Set(snap.strings.findEqual('context'));
    for (let node = 0; node < snap.nodeCount; node++) {
      if (snap.nodeType[node] !== closure) continue;
      for (let e = snap.firstEdge[node]; e < snap.firstEdge[node + 1]; e++) {
        if (snap.edgeType[e] !== internal || !contextNames.has(snap.edgeNameOrIndex[e])) continue;
        const context = snap.edgeTo[e];
        if (!closureOf.has(context)) closureOf.set(context, node);
        break;
      }
    }
    return closureOf;
  }

  /** Internal or property edge names, as string-table indices (found once each). */
  private readonly nameIndices = new Map<string, Set<number>>();

  private edgeTarget(node: number, name: string): number {
    const snap = this.snap;
    let indices = this.nameIndices.get(name);
    if (!indices) this.nameIndices.set(name, (indices = new Set(snap.strings.findEqual(name))));
    for (let e = snap.firstEdge[node]; e < snap.firstEdge[node + 1]; e++) {
      const type = snap.edgeType[e];
      if ((type === snap.E.internal || type === snap.E.property) && indices.has(snap.edgeNameOrIndex[e])) return snap.edgeTo[e];
    }
    return -1;
  }

  private variables(context: number): string[] {
    const snap = this.snap;
    const names: string[] = [];
    for (let e = snap.firstEdge[context]; e < snap.firstEdge[context + 1]; e++) if (snap.edgeType[e] === snap.E.context) names.push(snap.edgeName(e));
    return names;
  }
}
