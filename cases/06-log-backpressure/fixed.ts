// An order service that logs each step of each request to a stream.
import { once } from 'node:events';
import type { Workload } from '../../harness/contract.ts';
import { logLine, slowSink } from './sink.ts';

const sink = slowSink();

class Logger {
  async log(line: string): Promise<void> {
    if (!sink.write(line)) await once(sink, 'drain'); // the sink is behind: wait for it
  }
}

const logger = new Logger();

export default {
  async iteration(request) {
    for (let step = 0; step < 10; step++) await logger.log(logLine(request, step));
  },
  metrics: () => ({ linesWritten: sink.linesWritten, bufferedBytes: sink.writableLength }),
} satisfies Workload;
