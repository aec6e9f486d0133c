// Down the dominator tree from what retains the most to what explains it. A Buffer view gives
// way to the backing store it keeps, a sliced string to its parent, a closure to its Context,
// a module scope to the array it holds: the one descent behind the verdict's culprit and the
// `--oom` near-death reading (which differ only in whether a scope ends it: DescentOptions).

import type { HeapAnalysis } from './analysis.ts';

/**
 * The descent goes on while one class of the members' children holds at least this share of
 * what the members retain: below it, the members hold several things (an object with three
 * arrays) and are the explanation themselves.
 */
export const WRAPPER_SHARE = 0.9;
/** Wrappers of wrappers are followed this deep at most (a long linked list is not a wrapper chain). */
export const MAX_WRAPPER_DEPTH = 16;
import { CONTEXT as SCOPE } from './snapshot.ts';

export interface DescentOptions {
  /**
   * Stop at a scope: the verdict names a closure's scope by its heaviest variable (`describe()
   * → backlog`), so the scope itself is the culprit. Near death, a module's scope is where the
   * descent starts, and what it holds is the answer: there it goes on.
   */
  stopAtScope: boolean;
}

export interface Descent {
  /** The class reached (index into analysis.classes). */
  classIndex: number;
  type: string;
  name: string;
  /** Its members that the descent reached. */
  members: number[];
}

/**
 * From `members` (objects of one class), while they are wrappers, each holding one object of
 * a class that has at least WRAPPER_SHARE of what they retain, descend to that class. The
 * engine's own nodes (compiled code, shapes) are never descended into.
 */
export function descendWrappers(analysis: HeapAnalysis, members: number[], options: DescentOptions): Descent {
  const { classOfNode, names, types } = analysis.classes;
  const { retainedSize } = analysis.dominators;
  const { firstChild, children } = analysis.dominatorTree;
  let cls = classOfNode[members[0]];
  for (let depth = 0; depth < MAX_WRAPPER_DEPTH && !(options.stopAtScope && names[cls] === SCOPE); depth++) {
    let total = 0;
    const byClass = new Map<number, { bytes: number; nodes: number[] }>();
    for (const member of members) {
      total += retainedSize[member];
      for (let i = firstChild[member]; i < firstChild[member + 1]; i++) {
        const child = children[i];
        if (analysis.isEngine(child)) continue;
        const c = classOfNode[child];
        let group = byClass.get(c);
        if (!group) byClass.set(c, (group = { bytes: 0, nodes: [] }));
        group.bytes += retainedSize[child];
        group.nodes.push(child);
      }
    }
    let heaviest: [number, { bytes: number; nodes: number[] }] | undefined;
    for (const entry of byClass) if (!heaviest || entry[1].bytes > heaviest[1].bytes) heaviest = entry;
    if (!heaviest || heaviest[1].bytes < WRAPPER_SHARE * total || heaviest[1].nodes.length > members.length) break;
    [cls, { nodes: members }] = heaviest;
  }
  return { classIndex: cls, type: types[cls], name: names[cls], members };
}
