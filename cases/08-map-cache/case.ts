import { defineCase } from '../../harness/contract.ts';

export default defineCase({
  id: 8,
  slug: 'map-cache',
  title: 'A memo keyed per request: compiled schemas pile up in a Map',
  family: 'escape',
  origin: 'statistics and field-offset tables cached in maps keyed by something unique per call',
  signal: 'growth',
  culprit: { type: 'object', name: 'CompiledSchema' },
  iterations: 200,
  warmup: 50,
  sampleEvery: 20,
  oom: { heapMb: 64 },
  hint: 'Key the memo by what the value depends on (the schema id), not by something unique per request; bounding the Map (an LRU) stops the growth, but every request still compiles its schema.',
  story: [
    {
      says: 'each of the 10 schemas is compiled about once (at most 20 compilations)',
      metrics: ['compiles'],
      holds: (m) => m.compiles <= 20,
    },
  ],
});
