import { defineCase } from '../../harness/contract.ts';

export default defineCase({
  id: 2,
  slug: 'sliced-string',
  title: 'A 16-character token pins a 64 KiB request body',
  family: 'dangling-views',
  origin: 'zero-copy string/byte conversions: a view must not outlive the array it shares',
  signal: 'growth',
  culprit: { type: 'string', name: '(string)' },
  iterations: 40,
  warmup: 10,
  sampleEvery: 5,
  oom: { heapMb: 24 },
  hint: 'slice() of a long flat string is a view (a V8 sliced string). Keep a copy of the token characters instead; keeping fewer tokens only hides the leak, and the audit trail loses its history.',
  story: [
    {
      says: 'the audit trail keeps the session token of the last 1024 requests',
      metrics: ['auditEntries', 'requests'],
      holds: (m) => m.auditEntries >= Math.min(m.requests, 1024),
    },
  ],
});
