import { defineCase } from '../../harness/contract.ts';

export default defineCase({
  id: 3,
  slug: 'pool-release-on-throw',
  title: 'A pool that loses a connection on every error',
  family: 'misused-pools',
  origin: 'memory pools whose objects are not returned: return them explicitly, alert on the ones that are not',
  signal: 'growth',
  culprit: { type: 'object', name: 'PooledConnection' },
  iterations: 200,
  warmup: 50,
  sampleEvery: 20,
  oom: { heapMb: 32 },
  hint: 'Every acquire() needs a release() on every path out, the error path included: try/finally. Capping or clearing inUse only hides the bug: the pool still opens a new connection for every failed request.',
  story: [
    {
      says: 'every connection acquired is returned to the pool',
      metrics: ['acquired', 'released'],
      holds: (m) => m.released === m.acquired,
    },
    {
      says: 'the pool reuses its connections instead of opening new ones (at most 8)',
      metrics: ['created'],
      holds: (m) => m.created <= 8,
    },
  ],
});
