// The OOM forecast in every report: one sentence (model.ts), the same in the terminal, Markdown
// and HTML, escaped by each renderer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forecastOom, type OomForecast } from '../../harness/lab/forecast.ts';
import type { CaseResult } from '../../harness/lab/result.ts';
import { escapeHtml, escapeMarkdown } from '../../harness/report/escape.ts';
import { renderHtml } from '../../harness/report/html.ts';
import { renderMarkdown } from '../../harness/report/markdown.ts';
import { forecastLine } from '../../harness/report/model.ts';
import { caseSummary } from '../../harness/report/terminal.ts';

const fixture = (): CaseResult => JSON.parse(readFileSync(new URL('./fixtures/result.json', import.meta.url), 'utf8')) as CaseResult;
const withForecast = (forecast: OomForecast): CaseResult => {
  const result = fixture();
  result.variants.buggy!.forecast = forecast;
  return result;
};
const MiB = 2 ** 20;
/** What forecastOom says of a leak off the heap. */
const OFF_HEAP_NOTE = forecastOom(1, 1, 0, { retainedSize: 10, offHeapSize: 9 } as Parameters<typeof forecastOom>[3])!.note!;

describe('the forecast in the reports', () => {
  const onHeap: OomForecast = { heapLimit: 64 * MiB, heapUsed: 4 * MiB, bytesPerIteration: 1000, iterationsToLimit: 62_914 };

  it('is one sentence, the same in the terminal, Markdown and HTML', () => {
    const sentence = forecastLine(onHeap, 'iteration');
    expect(sentence).toBe('forecast: at 1000 B/iteration, the heap limit (64.0 MiB, 4.00 MiB in use) is about 62,914 iterations away');
    const result = withForecast(onHeap);
    expect(caseSummary(result)).toContain(sentence);
    expect(renderMarkdown(result)).toContain(escapeMarkdown(sentence));
    expect(renderHtml(result)).toContain(escapeHtml(sentence));
  });

  it('says why there is no number for a leak off the heap, in every renderer', () => {
    const result = withForecast({ ...onHeap, iterationsToLimit: null, note: OFF_HEAP_NOTE });
    const sentence = `forecast: ${OFF_HEAP_NOTE}`;
    expect(forecastLine(result.variants.buggy!.forecast!, 'iteration')).toBe(sentence);
    expect(caseSummary(result)).toContain(sentence);
    expect(renderMarkdown(result)).toContain(escapeMarkdown(sentence));
    expect(renderHtml(result)).toContain(escapeHtml(sentence));
  });

  it('is escaped wherever it is rendered', () => {
    const result = withForecast({ ...onHeap, iterationsToLimit: null, note: '<img src=x onerror=alert(1)> [x](http://evil.example) \u001b[31m' });
    const html = renderHtml(result);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const markdown = renderMarkdown(result);
    expect(markdown).not.toContain('[x](http');
    expect(markdown).toContain(escapeMarkdown('forecast: <img src=x onerror=alert(1)>'));
    expect(caseSummary(result)).not.toContain('\u001b[31m');
  });

  it('is absent where no variant has one', () => {
    const result = fixture();
    delete result.variants.buggy!.forecast;
    expect(renderHtml(result)).not.toContain('forecast:');
    expect(renderMarkdown(result)).not.toContain('forecast:');
  });
});
