import { defineCase } from '../../harness/contract.ts';

export default defineCase({
  id: 7,
  slug: 'closure-context',
  title: "A small callback keeps the whole request: closures share their scope's Context",
  family: 'escape',
  origin: 'Go case 3: values thought local escaped to the heap because something longer-lived captured them',
  signal: 'high-water',
  // The class holding the excess: each kept Context pins one parsed order, 42 Objects of it.
  culprit: { type: 'object', name: 'Object' },
  iterations: 200,
  // Past 512 × 8 = 4096 requests the window is full: memory has plateaued before the first snapshot.
  warmup: 4800,
  sampleEvery: 20,
  oom: false,
  oomNote: 'its window keeps at most 512 slow requests, each pinning a ~4.5 KiB order (~2.2 MiB in all): memory plateaus there, it does not grow until death',
  hint: 'Both closures capture from one scope, so they share one Context. Do not capture the order in that scope; a smaller window only hides the leak, and /debug/slow loses its history.',
  story: [
    {
      says: 'the /debug/slow window keeps the last 512 slow requests',
      metrics: ['slowKept', 'slowSeen'],
      holds: (m) => m.slowKept >= Math.min(m.slowSeen, 512),
    },
  ],
});
