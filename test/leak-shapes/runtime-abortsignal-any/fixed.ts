// An API handler that cancels its upstream call on shutdown or client disconnect. No composite
// signal: the request's controller follows the shutdown through a listener removed at the end.
import type { Workload } from '../../../harness/contract.ts';

const serverShutdown = new AbortController();

function callUpstream(id: number, signal: AbortSignal): number {
  const call = { id, cancelled: false };
  const onAbort = () => {
    call.cancelled = true;
  };
  signal.addEventListener('abort', onAbort);
  try {
    return call.cancelled ? 0 : id % 13; // the upstream answered
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

let answered = 0;

export default {
  iteration(i) {
    const request = new AbortController(); // aborted if the client disconnects, or on shutdown
    const onShutdown = () => request.abort(serverShutdown.signal.reason);
    serverShutdown.signal.addEventListener('abort', onShutdown);
    try {
      answered += callUpstream(i, request.signal);
    } finally {
      serverShutdown.signal.removeEventListener('abort', onShutdown);
    }
  },
  metrics: () => ({ answered }),
} satisfies Workload;
