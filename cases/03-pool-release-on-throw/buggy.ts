// An orders API over a connection pool. The pool hands out idle connections, mints a new
// one when none is idle, and tracks the ones in use so it can close them on shutdown.
import type { Workload } from '../../harness/contract.ts';
import { PooledConnection } from './database.ts';

class ConnectionPool {
  private readonly idle: PooledConnection[] = [];
  readonly inUse = new Set<PooledConnection>();
  created = 0;
  acquired = 0;
  released = 0;

  acquire(): PooledConnection {
    this.acquired++;
    const connection = this.idle.pop() ?? new PooledConnection(++this.created);
    this.inUse.add(connection);
    return connection;
  }

  release(connection: PooledConnection): void {
    this.released++;
    this.inUse.delete(connection);
    this.idle.push(connection);
  }
}

const pool = new ConnectionPool();
let failures = 0;

function loadOrder(orderId: number): { id: number; total: number } {
  const connection = pool.acquire();
  const [order] = connection.query(`SELECT id, total FROM orders WHERE id = ${orderId}`, orderId);
  pool.release(connection); // skipped when query() throws: the connection is never returned
  return order;
}

export default {
  iteration(i) {
    try {
      loadOrder(i);
    } catch {
      failures++; // the request fails with a 500; the server carries on
    }
  },
  metrics: () => ({ failures, created: pool.created, inUse: pool.inUse.size, acquired: pool.acquired, released: pool.released }),
} satisfies Workload;
