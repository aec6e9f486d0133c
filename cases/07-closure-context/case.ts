import { defineCase } from '../../harness/case.ts';

export default defineCase({
  id: 7,
  slug: 'closure-context',
  title: "A small callback keeps the whole request: closures share their scope's Context",
  family: 'escape',
  origin: 'Go case 3: values thought local escaped to the heap because something longer-lived captured them',
  signal: 'growth',
  culprit: { type: 'object', name: 'system / Context' },
  iterations: 200,
  warmup: 50,
  sampleEvery: 20,
  oom: false,
  oomNote: 'its window keeps at most 1024 slow requests (~7 MiB): memory plateaus there, it does not grow until death',
  hint: 'Both closures capture from one scope, so they share one Context. Do not capture the order in that scope.',
});
