// A wrong fix of case 06 that a learner might try: it bounds the symptom, not the cause.
// --check must reject it (test/workshop/workshop.test.ts).
// An order service that logs each step of each request to a stream.
import type { Workload } from '../../../harness/contract.ts';
import { logLine, slowSink } from '../../../cases/06-log-backpressure/sink.ts';

const sink = slowSink();

class Logger {
  log(line: string): void | Promise<void> {
    if (sink.writableNeedDrain) return; // the learner's "fix": drop the line while the sink is behind
    sink.write(line); // returns false when the sink is behind: ignored, so the stream buffers it
  }
}

const logger = new Logger();

export default {
  async iteration(request) {
    for (let step = 0; step < 10; step++) await logger.log(logLine(request, step));
  },
  metrics: () => ({ linesWritten: sink.linesWritten, bufferedBytes: sink.writableLength }),
} satisfies Workload;
