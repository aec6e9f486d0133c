// Preloaded (node --import) into a command the bench times: at exit, one JSON line on stderr
// with the command's phase marks (milliseconds from process start), when it exited, and its
// peak resident memory. The command itself runs unchanged.
import process from 'node:process';

process.on('exit', () => {
  const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
  process.stderr.write(`\n${JSON.stringify({ marks, exitMs: performance.now(), peakRss: process.resourceUsage().maxRSS * 1024 })}\n`);
});
