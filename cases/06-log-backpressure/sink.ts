// The log sink: a Writable that takes a millisecond per line, as a slow disk or a remote log
// collector does. Lines are written as strings (decodeStrings: false).
import { Writable } from 'node:stream';

export function slowSink(): Writable & { linesWritten: number } {
  const sink = new Writable({
    decodeStrings: false,
    highWaterMark: 16 * 1024,
    write(_line: string, _encoding, done) {
      sink.linesWritten++;
      setTimeout(done, 1);
    },
  }) as Writable & { linesWritten: number };
  sink.linesWritten = 0;
  return sink;
}

/** One structured log line, ~1 KiB, as JSON.stringify makes it. */
export function logLine(request: number, step: number): string {
  return JSON.stringify({ level: 'info', msg: 'order step done', request, step, context: 'c'.repeat(960) });
}
