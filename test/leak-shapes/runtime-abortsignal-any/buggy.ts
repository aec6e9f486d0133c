// An API handler that cancels its upstream call on shutdown or client disconnect, via
// AbortSignal.any. The upstream's 'abort' listener is never removed and neither signal ever
// aborts, so Node keeps every composite signal (and its listener) alive.
import type { Workload } from '../../../harness/contract.ts';

const serverShutdown = new AbortController();

function callUpstream(id: number, signal: AbortSignal): number {
  const call = { id, cancelled: false };
  signal.addEventListener('abort', () => {
    call.cancelled = true;
  });
  return call.cancelled ? 0 : id % 13; // the upstream answered
}

let answered = 0;

export default {
  iteration(i) {
    const clientGone = new AbortController(); // aborted only if the client disconnects
    const signal = AbortSignal.any([serverShutdown.signal, clientGone.signal]);
    answered += callUpstream(i, signal);
  },
  metrics: () => ({ answered }),
} satisfies Workload;
