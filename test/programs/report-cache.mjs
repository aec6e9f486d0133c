// A report service whose class-held cache fills the heap: run with a small heap and
// --heapsnapshot-near-heap-limit, it writes the snapshot a crash dump reader gets, and dies.
class ReportCache {
  rendered = new Map();
  render(id) {
    const text = JSON.stringify({ id, rows: Array.from({ length: 8 }, (_, k) => `row ${k} of report ${id}`) });
    this.rendered.set(id, text);
    return text;
  }
}
const reports = new ReportCache();
function handle(id) {
  return reports.render(id).length;
}
for (let id = 0; ; id++) handle(id);
