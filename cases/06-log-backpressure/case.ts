import { defineCase } from '../../harness/contract.ts';

export default defineCase({
  id: 6,
  slug: 'log-backpressure',
  title: 'A logger that ignores backpressure: the stream buffers every line',
  family: 'buffer-reuse-growth',
  origin: 'the ring-buffer log writer: a writer that does not wait for its sink grows without bound',
  signal: 'growth',
  // JSON.stringify builds a line this long as a rope: the buffered chunks are cons strings.
  // Node 20's V8 keeps the buffered lines as concatenations; 22 and later flatten them.
  culprit: { type: 'concatenated string', name: '(concatenated string)', or: [{ type: 'string', name: '(string)' }] },
  iterations: 60,
  warmup: 10,
  sampleEvery: 10,
  // A small heap: the fixed variant, paced by the sink (1 ms a line), then runs as long in ~20 s.
  oom: { heapMb: 16 },
  hint: "write() returning false means 'stop': wait for the 'drain' event before writing more. Dropping lines while the sink is behind stops the growth, but this case keeps every line (its README says when dropping is the right trade).",
  story: [
    {
      says: 'every line logged reaches the sink (10 a request; at most 64 still in flight at the end)',
      metrics: ['linesWritten'],
      holds: (m, run) => m.linesWritten >= run.iterations * 10 - 64,
    },
  ],
});
