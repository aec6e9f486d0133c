// Trap (not a leak): generic-pool@3.9.0 with at most 4 connections, each request acquiring
// one and releasing it in `finally`. The pool warms up to its 4 connections, then reuses them.
import { createPool } from 'generic-pool';
import type { Workload } from '../../../harness/contract.ts';

interface Connection { id: number; queries: number; buffer: Buffer }

let opened = 0;
const pool = createPool<Connection>(
  {
    create: async () => ({ id: ++opened, queries: 0, buffer: Buffer.alloc(4096) }),
    destroy: async () => {},
  },
  { max: 4, min: 0 },
);

async function query(sql: string): Promise<number> {
  const connection = await pool.acquire();
  try {
    connection.queries++;
    return connection.buffer.write(sql);
  } finally {
    await pool.release(connection);
  }
}

let written = 0;

export default {
  async iteration(i) {
    const [a, b] = await Promise.all([query(`SELECT * FROM orders WHERE id = ${i}`), query(`SELECT 1`)]);
    written += a + b;
  },
  metrics: () => ({ written, opened, size: pool.size }),
  async teardown() {
    await pool.drain();
    await pool.clear();
  },
} satisfies Workload;
