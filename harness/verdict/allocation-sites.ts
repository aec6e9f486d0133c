// Where a culprit's objects were allocated (--alloc-stacks): the allocation sites of the
// snapshot (heap/alloc.ts), in the program's own code when there is any, mapped back through
// the case's source maps to the lines a developer wrote, and named relative to its folder.

import { SourceMap } from 'node:module';
import { allocationSites, formatFrame, isProgramScript, type AllocationFrame, type HeapAnalysis } from '../heap/index.ts';

/** Where a culprit's objects were allocated (--alloc-stacks). */
export interface AllocationSiteResult {
  functionName: string;
  /** Relative to the case folder when inside it. */
  scriptName: string;
  line: number;
  column: number;
  count: number;
  selfSize: number;
  /** Up to five frames, innermost first, as `function file:line:column`. */
  stack: string[];
}

export interface SiteOptions {
  /** Source maps of the case's modules (with allocation tracking), by URL or path. */
  sourceMaps?: Record<string, unknown>;
  /** The case folder: allocation sites inside it are shown relative to it. */
  caseDir?: string;
}

export function allocationSitesOf(analysis: HeapAnalysis, members: number[], options: SiteOptions): AllocationSiteResult[] {
  const snap = analysis.snapshot;
  const { idom } = analysis.dominators;
  // Native memory (a backing store) has no JS allocation stack: the nearest dominator
  // that has one (its ArrayBuffer) stands in for it.
  const mask = new Uint8Array(snap.nodeCount);
  for (const node of members) {
    let at = node;
    for (let step = 0; step < 8 && !snap.nodeTraceId?.[at] && at !== snap.rootOrdinal; step++) at = idom[at];
    mask[snap.nodeTraceId?.[at] ? at : node] = 1;
  }
  const original = originalPositions(options.sourceMaps ?? {}, options.caseDir);
  const sites = allocationSites(snap, mask, isOwnFrame);
  // Sites in the program's own code when there are any: the lab's and Node's few allocations are noise.
  const own = sites.filter((site) => isOwnFrame(site.frame));
  return (own.length ? own : sites)
    .slice(0, 5)
    .map((site) => {
      const frame = original(site.frame);
      return {
        functionName: frame.functionName,
        scriptName: frame.scriptName,
        line: frame.line,
        column: frame.column,
        count: site.count,
        selfSize: site.selfSize,
        stack: site.stack.map((f) => formatFrame(original(f))),
      };
    });
}

/**
 * Maps frames of transpiled modules back to their source (TypeScript) positions, and names
 * the case folder's files relative to it. Frames name ES modules by URL and CommonJS ones by
 * path; the maps are keyed the same way.
 */
function originalPositions(payloads: Record<string, unknown>, caseDir?: string): (frame: AllocationFrame) => AllocationFrame {
  const maps = new Map<string, SourceMap>();
  for (const [name, payload] of Object.entries(payloads)) {
    try {
      maps.set(name, new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]));
    } catch {
      // An unreadable map: its frames keep their transpiled positions.
    }
  }
  const shown = (script: string): string => {
    const path = script.replace(/^file:\/\//, '');
    const prefix = caseDir ? `${caseDir.replace(/\/$/, '')}/` : null;
    return prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
  };
  return (frame) => {
    const map = maps.get(frame.scriptName);
    if (!map || frame.line < 1) return { ...frame, scriptName: shown(frame.scriptName) };
    const entry = map.findEntry(frame.line - 1, Math.max(0, frame.column - 1)) as { originalLine?: number; originalColumn?: number };
    if (entry.originalLine === undefined || entry.originalColumn === undefined) return { ...frame, scriptName: shown(frame.scriptName) };
    return { ...frame, scriptName: shown(frame.scriptName), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  };
}

/** A frame of the program's own code: not Node's internals, not a dependency, not the harness. */
const isOwnFrame = (frame: AllocationFrame): boolean => isProgramScript(frame.scriptName);

