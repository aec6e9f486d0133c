// The OOM forecast in every report: one sentence (model.ts), the same in the terminal, Markdown
// and HTML, escaped by each renderer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeathForecast, OomForecast } from '../../harness/lab/forecast.ts';
import { OFF_HEAP_NOTE } from '../../harness/lab/forecast.ts';
import type { CaseResult } from '../../harness/lab/result.ts';
import { escapeHtml, escapeMarkdown } from '../../harness/report/escape.ts';
import { renderHtml } from '../../harness/report/html.ts';
import { renderMarkdown } from '../../harness/report/markdown.ts';
import { deathForecastLine, forecastLine, nearDeathHolder } from '../../harness/report/model.ts';
import { caseSummary, oomSummary } from '../../harness/report/terminal.ts';
import type { OomResult } from '../../harness/lab/oom.ts';
import { renderOomHtml, renderOomMarkdown } from '../../harness/report/oom-report.ts';

const fixture = (): CaseResult => JSON.parse(readFileSync(new URL('./fixtures/result.json', import.meta.url), 'utf8')) as CaseResult;
const withForecast = (forecast: OomForecast): CaseResult => {
  const result = fixture();
  result.variants.buggy!.forecast = forecast;
  return result;
};
const MiB = 2 ** 20;

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

describe("--oom's check of the forecast", () => {
  const forecast: DeathForecast = {
    fittedThrough: 2188, samples: 9, bytesPerIteration: 13_400, cap: 16 * MiB, heapSizeLimit: 64 * MiB,
    atCap: 1240, capReachedAt: 1200, capError: 40 / 1200, predictedIterations: 4592, actualIterations: 3600, error: (4592 - 3600) / 3600,
  };

  it('says what it forecast from how many iterations, and how far off it was: at the cap and at death', () => {
    expect(deathForecastLine(forecast)).toBe(
      'forecast from the first 2,188 iterations (9 settled samples, 13.1 KiB/iteration): the heap at its 16.0 MiB cap at ~1,240, reached at ~1,200 (forecast +3 %); ' +
        'death at ~4,592, once the room Node gives the near-death snapshot is used up (64.0 MiB in all); died after 3,600 (forecast +28 %)',
    );
  });

  it('says the cap was not seen reached when no near-death snapshot was written, and forecasts death there', () => {
    expect(deathForecastLine({ ...forecast, capReachedAt: null, capError: null, predictedIterations: 1240, error: (1240 - 1300) / 1300, actualIterations: 1300 })).toBe(
      'forecast from the first 2,188 iterations (9 settled samples, 13.1 KiB/iteration): the heap at its 16.0 MiB cap at ~1,240, not seen reached (no near-death snapshot); death there; died after 1,300 (forecast -5 %)',
    );
  });

  it('gives the note, not a number, under a resident-memory cap', () => {
    expect(deathForecastLine({ ...forecast, atCap: null, predictedIterations: null, error: null, capError: null, note: OFF_HEAP_NOTE, actualIterations: 2000 })).toBe(
      `forecast: ${OFF_HEAP_NOTE}; died after 2,000`,
    );
  });

  it('is in the terminal summary of the buggy variant', () => {
    const buggy: OomResult['variants']['buggy'] = {
      verdict: 'oom', expected: 'oom', cap: { kind: 'heap', mb: 16 }, iterations: 3600, seconds: 7, peak: { heapUsed: 0, external: 0, rss: 0 },
      message: 'V8: heap out of memory', timeline: [], nearDeath: null, metrics: {}, stderr: '', forecast,
    };
    const result: OomResult = { mode: 'oom', case: { id: 6, slug: 'log-backpressure', title: 't', family: 'f', signal: 'growth' }, variants: { buggy }, ok: false, run: { node: 'v20', date: '', seconds: 1 } };
    expect(oomSummary(result)).toContain(deathForecastLine(forecast));
  });

  it("is in --oom's report.md and report.html, escaped, with the near-death holder's hostile names escaped too", () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const buggy: OomResult['variants']['buggy'] = {
      verdict: 'oom', expected: 'oom', cap: { kind: 'heap', mb: 16 }, iterations: 3600, seconds: 7, peak: { heapUsed: 0, external: 0, rss: 0 },
      message: `V8: ${hostile}`, timeline: [{ iteration: 0, heapUsed: 1, external: 1, arrayBuffers: 0, rss: 70 * MiB }, { iteration: 3600, heapUsed: 1, external: 1, arrayBuffers: 0, rss: 120 * MiB }],
      nearDeath: { iteration: null, totalSelfSize: 50 * MiB, classes: [{ name: hostile, type: 'object', count: 3, selfSize: 1, retainedSize: 40 * MiB } as never], top: [], path: [], pathText: '' },
      metrics: {}, stderr: '', forecast,
    };
    const result: OomResult = { mode: 'oom', case: { id: 6, slug: 'log-backpressure', title: 't', family: 'f', signal: 'growth' }, variants: { buggy }, ok: false, run: { node: 'v20', date: '', seconds: 1 } };
    const html = renderOomHtml(result);
    const markdown = renderOomMarkdown(result);
    expect(html).toContain(escapeHtml(deathForecastLine(forecast)));
    expect(markdown).toContain(escapeMarkdown(deathForecastLine(forecast)));
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(hostile));
    expect(markdown).not.toContain('<img');
  });

  it('names the near-death holder the same way in the terminal, report.md and report.html, folded steps counted once (model.ts)', () => {
    const path = [
      { node: { id: 1, type: 'synthetic', name: 'global', className: 'global' } },
      { edge: { type: 'property', name: 'loader' }, node: { id: 2, type: 'object', name: 'ModuleLoader', className: 'ModuleLoader' } },
      { edge: { type: 'internal', name: 'job' }, node: { id: 3, type: 'object', name: 'ModuleJob', className: 'ModuleJob' } },
      { edge: { type: 'context', name: 'context' }, node: { id: 4, type: 'object', name: 'system / Context', className: 'system / Context' }, scope: { kind: 'module' as const, file: 'file:///app/buggy.mjs' } },
      { edge: { type: 'context', name: 'seen' }, node: { id: 5, type: 'object', name: 'Map', className: 'Map' } },
    ];
    const holder = nearDeathHolder(path);
    expect(holder.folded).toBe(' (2 steps through the module loader and runtime folded after the first)');
    expect(holder.path).not.toMatch(/ModuleLoader|ModuleJob/);
    expect(nearDeathHolder(path.slice(3)).folded).toBe('');
    const buggy: OomResult['variants']['buggy'] = {
      verdict: 'oom', expected: 'oom', cap: { kind: 'heap', mb: 16 }, iterations: 3600, seconds: 7, peak: { heapUsed: 0, external: 0, rss: 0 },
      message: 'V8: heap out of memory', timeline: [], nearDeath: { iteration: 3500, totalSelfSize: 50 * MiB, classes: [], top: [], path, pathText: '' }, metrics: {}, stderr: '', forecast,
    };
    const result: OomResult = { mode: 'oom', case: { id: 6, slug: 'log-backpressure', title: 't', family: 'f', signal: 'growth' }, variants: { buggy }, ok: false, run: { node: 'v20', date: '', seconds: 1 } };
    expect(oomSummary(result)).toContain(`what holds it: ${holder.path}${holder.folded}`);
    expect(renderOomMarkdown(result)).toContain(`What holds it: ${escapeMarkdown(`${holder.path}${holder.folded}`)}`);
    expect(renderOomHtml(result)).toContain(escapeHtml(`${holder.path}${holder.folded}`));
  });
});
