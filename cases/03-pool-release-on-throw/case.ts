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
  hint: 'Every acquire() needs a release() on every path out, the error path included: try/finally.',
});
