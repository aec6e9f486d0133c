import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, escapeMarkdown } from '../../harness/report/escape.ts';
import { writeCaseReports } from '../../harness/report/write.ts';
import type { CaseResult } from '../../harness/lab/result.ts';
import { runScript, testReportsDir } from '../helpers/run-script.ts';
import { scratchDir } from '../helpers/scratch.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

describe('escaping heap strings', () => {
  it('HTML: no tag, attribute or entity survives', () => {
    const hostile = `<img src=x onerror="alert('1')"> & <script>x</script> \``;
    const escaped = escapeHtml(hostile);
    expect(escaped).not.toMatch(/[<>"'`]/);
    expect(escaped).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; &lt;script&gt;x&lt;/script&gt; &#96;');
  });

  it('Markdown: heap strings cannot ping people or become links on a code host', () => {
    const escaped = escapeMarkdown('@everyone see http://evil.example and www.evil.example, mail a@b');
    expect(escaped).not.toMatch(/@[\w-]/);
    expect(escaped).not.toMatch(/https?:\/\//);
    expect(escaped).not.toMatch(/www\./i);
    expect(escaped.replace(/\u200b/g, '')).toBe('@everyone see http://evil.example and www.evil.example, mail a@b');
  });

  it('Markdown: table cells cannot be broken, links and emphasis cannot be made', () => {
    const escaped = escapeMarkdown('a | b\n[link](javascript:x) *bold* <b>');
    expect(escaped).toBe('a \\| b \\[link\\]\\(javascript:x\\) \\*bold\\* &lt;b&gt;');
  });
});

describe('writing reports', () => {
  it('replaces the previous report whole, or not at all when rendering fails', () => {
    const dir = scratchDir('oomlab-atomic-');
    const caseDir = join(dir, '07-x', 'buggy'); // a run of one variant: beside its snapshots
    const good = JSON.parse(readFileSync(new URL('./fixtures/result.json', import.meta.url), 'utf8')) as CaseResult;
    writeCaseReports(dir, good);
    const before = readFileSync(join(caseDir, 'report.html'), 'utf8');
    // A result that cannot be rendered (a variant without its timeline).
    const broken = structuredClone(good);
    (broken.variants.buggy as { timeline?: unknown }).timeline = undefined;
    broken.run.date = 'changed';
    expect(() => writeCaseReports(dir, broken)).toThrow();
    expect(readFileSync(join(caseDir, 'report.html'), 'utf8')).toBe(before);
    expect(JSON.parse(readFileSync(join(caseDir, 'result.json'), 'utf8')).run.date).toBe(good.run.date);
    expect(readdirSync(caseDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).toMatch(/\| \[7 x\]\(07-x\/buggy\/report\.md\)/);
  });
});

describe('a real report in a real browser', () => {
  it.skipIf(!hasChromium)('renders the charts and both verdicts, logs no errors, and runs none of the heap\'s HTML', async () => {
    const run = await runScript('case', ['./test/report/fixtures/hostile-heap', '--iterations', '120']);
    expect(run.status, run.stderr).toBe(0);
    // A folder without case.ts: its reports folder is its name and a hash of where it is.
    const folder = readdirSync(testReportsDir).find((f) => /^00-hostile-heap-[0-9a-f]{6}$/.test(f))!;
    const dir = join(testReportsDir, folder);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(html).not.toMatch(/<script|<img/i);
    expect(markdown).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      await page.goto(`file://${join(dir, 'report.html')}`);
      expect(await page.locator('svg.chart').count()).toBe(3);
      expect(await page.locator('svg.chart path').count()).toBe(6); // two variants in each of three charts
      expect((await page.locator('.verdict[data-variant="buggy"] .value').textContent())?.trim()).toBe('LEAK');
      expect((await page.locator('.verdict[data-variant="fixed"] .value').textContent())?.trim()).toBe('CLEAN');
      await expect.poll(() => page.locator('body').textContent()).toContain('<img src=x onerror="window.__pwned=1">');
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img, script').count()).toBe(0);

      // It reads well at 1280 px: no sideways scrolling, the plain story in each verdict card,
      // charts as wide as the page with their titles clear of their legends, no class table
      // for a clean variant.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      expect(await page.locator('.verdict[data-variant="buggy"] dl.story dt').allTextContents()).toEqual(expect.arrayContaining(['What grew', 'Who holds it']));
      expect(await page.locator('.verdict[data-variant="fixed"] dl.story dt').allTextContents()).toEqual(['Nothing grows']);
      const bodyWidth = await page.evaluate(() => document.querySelector('section')!.getBoundingClientRect().width);
      for (const chart of await page.locator('svg.chart').all()) {
        expect((await chart.boundingBox())!.width).toBeGreaterThan(0.95 * bodyWidth);
        const title = (await chart.locator('.chart-title').boundingBox())!;
        for (const legend of await chart.locator('.legend').all()) {
          const box = (await legend.boundingBox())!;
          expect(box.y >= title.y + title.height || box.x >= title.x + title.width, 'a legend overlaps the title').toBe(true);
        }
      }
      expect(await page.locator('section[data-section="fixed"] h3', { hasText: 'Top growing classes' }).count()).toBe(0);
      // Reasons (the verdict's rules) are one click away, not in the way.
      expect(await page.locator('section[data-section="buggy"] details.evidence').count()).toBe(1);
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);

      await page.goto(`file://${join(testReportsDir, 'index.html')}`);
      expect(await page.locator(`a[href="${folder}/report.html"]`).count()).toBe(1);
    } finally {
      await browser.close();
    }
  });

  it.runIf(!hasChromium)('is skipped: no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does it as root)', () => {
    expect(hasChromium).toBe(false);
  });
});
