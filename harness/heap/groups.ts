// Who holds most of a class's members: the members grouped by the object that holds them, on
// the dominator tree, and the largest group's holder. memlab clusters its leak traces by the
// similarity of their paths; grouping by dominator does the same work in one linear pass, and
// a group is exactly "what freeing this object would free".
//
// The holder of a group is where the members' ownership fans out: walking down the dominator
// tree from the root, into the child that holds the most members, until no child holds a
// large share of them (a Map's table, an array's elements store, a dictionary's properties:
// each entry is a group of one below it). Caveats:
//  1. A member whose shortest retainer path can only go through the engine's own objects
//     (compiled code, feedback, allocation sites) does not vote: an object literal's
//     boilerplate that V8's allocation-site feedback keeps is one odd member, not the holder
//     of the other 604.
//  2. Members below other members (a linked list) vote through the topmost one: the descent
//     never enters a member.
//  3. A member held from two places is dominated by what the two places share, so it counts
//     for that common holder, as it does in DevTools' retained sizes.

import type { HeapAnalysis } from './analysis.ts';
import { UNREACHABLE } from './paths.ts';

/**
 * At a node where no child holds half of the members, the descent still enters the largest
 * child when it holds at least this share and more than one member: a module scope that keeps
 * three growing Maps is not the holder; the largest Map is.
 */
export const GROUP_SHARE = 0.25;

export interface HolderGroup {
  /** The node (ordinal) that holds the largest group: where its members' ownership fans out. */
  holder: number;
  /** Voting members it holds. */
  count: number;
  /** Voting members in all (all members when none votes). */
  of: number;
  /** The member in the group that retains the most: the one whose path is shown. */
  representative: number;
}

/** The largest group of `members` by holder, or null for no members. */
export function largestGroup(analysis: HeapAnalysis, members: readonly number[]): HolderGroup | null {
  if (!members.length) return null;
  const snap = analysis.snapshot;
  const n = snap.nodeCount;
  const { idom, retainedSize } = analysis.dominators;
  const { firstChild, children } = analysis.dominatorTree;
  const isMember = new Uint8Array(n);
  for (const m of members) isMember[m] = 1;
  const viaEngine = throughEngineOnly(analysis);
  let voters = members.filter((m) => !viaEngine(m));
  if (!voters.length) voters = members.slice();

  // Votes per subtree, and the subtree's member retaining the most: one bottom-up pass over a
  // preorder of the dominator tree.
  const order = preorder(snap.rootOrdinal, n, firstChild, children);
  const votes = new Uint32Array(n);
  const best = new Int32Array(n).fill(-1);
  for (const m of voters) {
    votes[m]++;
    best[m] = m;
  }
  for (let i = order.length - 1; i > 0; i--) {
    const node = order[i];
    const up = idom[node];
    votes[up] += votes[node];
    const b = best[node];
    if (b >= 0 && (best[up] < 0 || retainedSize[b] > retainedSize[best[up]])) best[up] = b;
  }

  let at = snap.rootOrdinal;
  for (;;) {
    let next = -1;
    for (let i = firstChild[at]; i < firstChild[at + 1]; i++) {
      const child = children[i];
      if (isMember[child] || votes[child] === 0) continue;
      if (next < 0 || votes[child] > votes[next]) next = child;
    }
    if (next < 0) break;
    const share = votes[next];
    if (share !== votes[at] && !(share >= 2 && share >= GROUP_SHARE * votes[at])) break;
    at = next;
  }
  return { holder: at, count: votes[at], of: voters.length, representative: best[at] >= 0 ? best[at] : voters[0] };
}

/** The nodes of the dominator tree in preorder, from the root. */
function preorder(root: number, n: number, firstChild: Uint32Array, children: Uint32Array): Uint32Array {
  const order = new Uint32Array(n);
  const stack = new Uint32Array(n);
  let size = 0;
  let top = 0;
  stack[top++] = root;
  while (top) {
    const node = stack[--top];
    order[size++] = node;
    for (let i = firstChild[node]; i < firstChild[node + 1]; i++) stack[top++] = children[i];
  }
  return order.subarray(0, size);
}

/**
 * Whether a node's shortest retainer path (which keeps out of the engine while it can) has
 * to pass through the engine's compiled code or feedback. Memoised along each path walked.
 */
function throughEngineOnly(analysis: HeapAnalysis): (node: number) => boolean {
  const snap = analysis.snapshot;
  const { parentNode } = analysis.retainers;
  const code = snap.T.code;
  const known = new Uint8Array(snap.nodeCount); // 0 unknown, 1 clear, 2 through the engine
  known[snap.rootOrdinal] = 1;
  const walked: number[] = [];
  return (node) => {
    let at = node;
    while (known[at] === 0) {
      walked.push(at);
      if (snap.nodeType[at] === code) {
        known[at] = 2;
        break;
      }
      const up = parentNode[at];
      if (up === UNREACHABLE) {
        known[at] = 1;
        break;
      }
      at = up;
    }
    const answer = known[at];
    for (const w of walked) known[w] = answer;
    walked.length = 0;
    return answer === 2;
  };
}
