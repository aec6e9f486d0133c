// A connection handler. Each connection starts a heartbeat interval; close() forgets to
// clear it, so Node's timer list keeps every Timeout, its callback and the connection.
import type { Workload } from '../../../harness/contract.ts';

class Connection {
  heartbeat?: NodeJS.Timeout;
  pings = 0;
  open = true;
  constructor(readonly id: number, readonly peer: string) {}

  start(): void {
    this.heartbeat = setInterval(() => this.ping(), 60_000);
  }

  ping(): void {
    if (this.open) this.pings++;
  }

  close(): void {
    this.open = false; // the heartbeat interval keeps running
  }
}

let closed = 0;

export default {
  iteration(i) {
    const connection = new Connection(i, `10.0.${i % 256}.${(i >> 8) % 256}:443`);
    connection.start();
    connection.close();
    closed++;
  },
  metrics: () => ({ closed }),
} satisfies Workload;
