// Preloaded (node --import) into a command the bench times: at exit, one JSON line on stderr
// with the command's phase marks (milliseconds from process start), the peak resident memory
// reached by each mark (to say which phase sets the peak), when it exited, and its peak
// resident memory. The command itself runs unchanged.
import process from 'node:process';

const peakAtMark = {};
const mark = performance.mark.bind(performance);
performance.mark = (name, options) => {
  peakAtMark[name] = process.resourceUsage().maxRSS * 1024;
  return mark(name, options);
};
process.on('exit', () => {
  const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
  process.stderr.write(`\n${JSON.stringify({ marks, peakAtMark, exitMs: performance.now(), peakRss: process.resourceUsage().maxRSS * 1024 })}\n`);
});
