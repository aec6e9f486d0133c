// A stand-in database client: the pool's connections, with the state a real driver keeps.

export class PooledConnection {
  readonly createdAt = Date.now();
  state: 'idle' | 'busy' = 'idle';
  queries = 0;
  lastSql = '';
  readonly parameters = { application_name: 'orders-api', client_encoding: 'UTF8', DateStyle: 'ISO, MDY' };
  readonly preparedStatements: string[] = [];
  backendPid: number;
  constructor(readonly id: number) {
    this.backendPid = 40_000 + id;
  }

  /** A third of the orders hit a lock held by a batch job. */
  query(sql: string, orderId: number): { id: number; total: number }[] {
    this.state = 'busy';
    this.queries++;
    this.lastSql = sql;
    if (orderId % 3 === 2) throw new Error('deadlock detected');
    this.state = 'idle';
    return [{ id: orderId, total: orderId * 3 }];
  }
}
