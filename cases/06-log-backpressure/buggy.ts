// An order service that logs each step of each request to a stream.
import type { Workload } from '../../harness/contract.ts';
import { logLine, slowSink } from './sink.ts';

const sink = slowSink();

class Logger {
  log(line: string): void | Promise<void> {
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
