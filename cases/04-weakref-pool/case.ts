import { defineCase } from '../../harness/contract.ts';

export default defineCase({
  id: 4,
  slug: 'weakref-pool',
  title: 'A pool built on WeakRef: it never hits, and its dead refs pile up',
  family: 'misused-pools',
  origin: 'Go case 4: sync.Pool is cleared by the GC, so pooled objects were collected before reuse',
  signal: 'growth',
  culprit: { type: 'object', name: 'WeakRef' },
  iterations: 100,
  warmup: 20,
  sampleEvery: 10,
  oom: false,
  oomNote: 'it runs a full collection per request (see encoder.ts), so dying under a cap would take many minutes',
  hint: 'A weak reference does not keep an object for reuse. Keep a bounded number of encoders strongly; removing the dead WeakRefs stops the growth, but the pool still never hits.',
  story: [
    {
      says: 'the pool reuses its encoders: at least 9 acquisitions in 10 are hits',
      metrics: ['hits', 'misses'],
      holds: (m) => m.hits >= 0.9 * (m.hits + m.misses),
    },
  ],
});
