// A ticketing session. Each request opens a Ticket in `session.pending` and records its id in
// `tracker.seen`; the completion path forgets both, so the two long-lived Sets only grow.
import type { Workload } from '../../../harness/contract.ts';

class Ticket {
  constructor(readonly id: number) {}
}

class Session {
  readonly pending = new Set<Ticket>();
}

class Tracker {
  readonly seen = new Set<number>();
}

const session = new Session();
const tracker = new Tracker();
let completed = 0;

function open(id: number): Ticket {
  const ticket = new Ticket(id);
  session.pending.add(ticket);
  tracker.seen.add(id);
  return ticket;
}

function complete(ticket: Ticket): void {
  completed++; // never leaves session.pending nor tracker.seen
}

export default {
  iteration(i) {
    complete(open(100_000 + i));
  },
  metrics: () => ({ completed, pending: session.pending.size, seen: tracker.seen.size }),
} satisfies Workload;
