import { defineCase } from '../../harness/contract.ts';

export default defineCase({
  id: 1,
  slug: 'frame-subarray',
  title: 'A 16-byte view pins a 64 KiB frame',
  family: 'dangling-views',
  origin: 'Go case 1: a cgo callback kept a pointer into Go-owned bytes; anonymous memory climbed for 72 hours',
  signal: 'growth',
  culprit: { type: 'native', name: 'system / JSArrayBufferData' },
  iterations: 40,
  warmup: 10,
  sampleEvery: 5,
  // Off the V8 heap: only a container's limit on resident memory stops it.
  oom: { rssMb: 128 },
  hint: 'subarray() shares memory with the frame. Keep a copy of the 16 bytes, not a view into the frame; a smaller window only hides the leak, and lets redelivered messages through.',
  story: [
    {
      says: 'the dedupe index remembers the last 1024 ids',
      metrics: ['remembered', 'delivered'],
      holds: (m) => m.remembered >= Math.min(m.delivered, 1024),
    },
  ],
});
