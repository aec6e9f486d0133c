import { defineCase } from '../../harness/contract.ts';

export default defineCase({
  id: 5,
  slug: 'writer-capacity-ratchet',
  title: 'Pooled writers keep the capacity of the largest response they ever held',
  family: 'buffer-reuse-growth',
  origin: 'Go case 2: bytes.Buffer.Reset keeps the capacity; pooled buffers bloated to 16 GB of in-use heap',
  signal: 'high-water',
  culprit: { type: 'native', name: 'system / JSArrayBufferData' },
  iterations: 60,
  warmup: 40,
  sampleEvery: 10,
  hint: 'reset() keeps the capacity. On release, drop (or shrink) a writer that grew past a bound; dropping every writer (or the pool) stops the growth, but then every response allocates a new writer.',
  story: [
    {
      says: 'the pool reuses its writers: at most 1 response in 4 gets a new one',
      metrics: ['writersCreated'],
      holds: (m, run) => m.writersCreated <= (run.iterations * 8) / 4,
    },
  ],
});
