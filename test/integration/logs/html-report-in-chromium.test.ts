import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { AccessLogAnalysis } from '../../../src/tools/access-logs/access-log-analysis';
import { analyzeAccessLogs, analyzeAccessLogSources } from '../../../src/tools/access-logs/analyze-access-logs';
import { renderHtmlReport } from '../../../src/tools/access-logs/render-html-report';
import { HAND_CHECKED_DAY1, HAND_CHECKED_DAY2 } from '../../support/alb-log-samples';
import { DEBIAN_CHROMIUM, launchChromium, type LaunchedChromium } from '../../support/chromium';

/*
 * Opens the HTML report in headless Chromium and checks that the charts are drawn with their
 * data points, with no network request and no console error. Set HOSP_REPORT_SCREENSHOT=file.png
 * to keep a screenshot.
 *
 * Twice: in the browser test/support/chromium.ts resolves (HOSP_CHROMIUM, else Debian's
 * /usr/bin/chromium, else the npm package @sparticuz/chromium), and in the npm package's
 * Chromium whatever is installed, which is what a fresh machine gets from `npm ci` alone.
 */

const FIXTURES = resolve(__dirname, '../../fixtures/logs');

/** The first launch of the npm Chromium inflates ~200 MB (about 2 s here); room for a slow CI disk. */
const LAUNCH_TIMEOUT_MS = 120_000;

interface PageLoad {
  requests: string[];
  problems: string[];
  page: Awaited<ReturnType<BrowserContext['newPage']>>;
}

async function open(context: BrowserContext, dir: string, html: string, name: string): Promise<PageLoad> {
  const file = join(dir, name);
  await writeFile(file, html);
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, problems };
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** What each chart drew, as laid out by the browser. */
async function readCharts(page: PageLoad['page']) {
  return page.$$eval('svg.chart', (svgs) =>
    svgs.map((svg) => {
      const box = (el: { getBoundingClientRect(): { left: number; right: number; top: number; bottom: number } }): Box => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      const rect = svg.getBoundingClientRect();
      return {
        id: svg.getAttribute('data-chart'),
        width: rect.width,
        height: rect.height,
        plot: box(svg.querySelector('rect.plot-area')!),
        labels: [...svg.querySelectorAll('text')].filter((t) => t.textContent !== '').map((t) => ({ text: t.textContent, box: box(t) })),
        points: [...svg.querySelectorAll('.bar, .point')].map((el) => {
          const r = el.getBoundingClientRect();
          return { label: el.getAttribute('data-label'), series: el.getAttribute('data-series'), value: Number(el.getAttribute('data-value')), visible: r.width > 0 && r.height > 0 };
        }),
        yTicks: [...svg.querySelectorAll('text.y-label')].map((t) => Number(t.getAttribute('data-value'))),
        yLabels: [...svg.querySelectorAll('text.y-label')].map((t) => t.textContent),
        legend: svg.querySelector('text.legend')?.textContent ?? '',
        lines: svg.querySelectorAll('polyline.series').length,
        threshold: svg.querySelectorAll('line.threshold').length,
      };
    }),
  );
}

/**
 * Sizes, visible points, round y ticks (equal steps of 1, 2 or 5 × 10ⁿ, starting on a
 * multiple of the step), and no text inside the plot area, where it would cover a line.
 */
function expectReadable(charts: Awaited<ReturnType<typeof readCharts>>): void {
  for (const chart of charts) {
    expect(chart.width).toBeGreaterThan(300);
    expect(chart.height).toBeGreaterThan(100);
    expect(chart.points.every((p) => p.visible)).toBe(true);
    const steps = chart.yTicks.slice(1).map((t, i) => t - chart.yTicks[i]!);
    const step = steps[0]!;
    expect(steps.every((s) => Math.abs(s - step) < step * 1e-6)).toBe(true);
    const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
    expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
    expect(Math.abs(chart.yTicks[0]! / step - Math.round(chart.yTicks[0]! / step))).toBeLessThan(1e-6);
    const inside = chart.labels.filter(({ box }) => box.right > chart.plot.left + 1 && box.left < chart.plot.right - 1 && box.bottom > chart.plot.top + 1 && box.top < chart.plot.bottom - 1);
    expect({ chart: chart.id, inside: inside.map((l) => l.text) }).toEqual({ chart: chart.id, inside: [] });
  }
}

/** Launches the browser before the checks, in a fresh profile and work directory, and closes it after. */
function checkTheReport(source: 'auto' | 'npm'): { launched: () => LaunchedChromium } {
  let dir: string;
  let launched: LaunchedChromium | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hosp-report-'));
    launched = await launchChromium({ source });
  }, LAUNCH_TIMEOUT_MS);

  afterAll(async () => {
    await launched?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('draws the error budget, success-rate and p99 charts with every data point, offline and without errors', async () => {
    const logs = join(dir, 'sample.log');
    await writeFile(logs, `${[...HAND_CHECKED_DAY1, ...HAND_CHECKED_DAY2].join('\n')}\n`);
    const report = await analyzeAccessLogs([logs]);
    const { page, requests, problems } = await open(launched!.context, dir, renderHtmlReport({ sources: [report], comparison: null }, new Date('2024-01-01T00:00:00Z')), 'report.html');

    const charts = await readCharts(page);
    expect(charts.map((c) => c.id)).toEqual(['error-budget', 'success-rate-per-day', 'success-rate-per-hour', 'p99-per-day', 'p99-per-hour']);
    expectReadable(charts);
    const [budget, perDay, perHour, p99Day, p99Hour] = charts;
    expect(budget!.points.map((p) => p.value)).toEqual(report.errorBudget.timeline.map((h) => h.spentPercent));
    expect(budget!.threshold).toBe(1);
    expect(perDay!.points.map((p) => p.label)).toEqual(['2018-07-02', '2018-07-03']);
    expect(perDay!.points[1]!.value).toBe(60);
    expect(perDay!.threshold).toBe(1);
    expect(perHour!.points.map((p) => p.value)).toEqual(report.byHour.map((h) => h.successRate));
    expect(perHour!.lines).toBe(1);
    expect(p99Day!.points.map((p) => p.value)).toEqual(report.byDay.map((d) => d.latencyMs.p99));
    expect(p99Hour!.points).toHaveLength(3);

    expect(await page.locator('.card.bad .value').first().textContent()).toBe('58.33 %');
    expect(await page.locator('#malformed').getAttribute('data-count')).toBe('2');
    if (process.env.HOSP_REPORT_SCREENSHOT) await page.screenshot({ path: process.env.HOSP_REPORT_SCREENSHOT, fullPage: true });
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('puts two sources side by side: what clients received (CloudFront) and what legacy answered per attempt (ALB)', async () => {
    const analysis = await analyzeAccessLogSources([join(FIXTURES, 'cloudfront'), join(FIXTURES, 'alb')], { sloPercent: 99.95 });
    const html = renderHtmlReport(analysis, new Date('2026-12-01T00:00:00Z'));
    const { page, requests, problems } = await open(launched!.context, dir, html, 'two-sources.html');

    const rows = await page.$$eval('#comparison tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['CloudFront standard logs', '10', '70.00 %'],
      ['ALB access logs', '13', '46.15 %'],
    ]);
    expect(await page.locator('.comparison .card .value').textContent()).toBe('1.30×');
    const charts = await readCharts(page);
    expect(charts.map((c) => c.id)).toEqual([
      'success-rate-by-source',
      'amplification-per-hour',
      ...['cloudfront', 'alb'].flatMap((f) => ['error-budget', 'success-rate-per-day', 'success-rate-per-hour', 'p99-per-day', 'p99-per-hour'].map((c) => `${f}-${c}`)),
    ]);
    expectReadable(charts);
    const [bySource, amplification] = charts;
    expect(bySource!.lines).toBe(2);
    expect(bySource!.legend).toContain('CloudFront standard logs');
    expect(bySource!.legend).toContain('ALB access logs');
    expect(bySource!.points.filter((p) => p.series === 'ALB access logs').map((p) => p.value)).toEqual([(3 / 7) * 100, 50]);
    expect(amplification!.points.map((p) => p.value)).toEqual([7 / 6, 1.5]);
    // The CloudFront budget at 99.95 % is spent 600 times over: 60,000 % at the end of the period.
    const budget = charts.find((c) => c.id === 'cloudfront-error-budget')!;
    expect(budget.points.map((p) => p.value)).toEqual([40_000, 60_000]);
    expect(budget.yLabels).toContain('60,000 %');
    if (process.env.HOSP_REPORT_SCREENSHOT) await page.screenshot({ path: process.env.HOSP_REPORT_SCREENSHOT.replace(/(\.png)?$/, '-two-sources.png'), fullPage: true });
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('renders a report without traffic', async () => {
    const report = new AccessLogAnalysis().report(99);
    const { page, requests, problems } = await open(launched!.context, dir, renderHtmlReport({ sources: [report], comparison: null }, new Date(0)), 'empty.html');
    expect(await page.locator('svg.chart').count()).toBe(5);
    expect(await page.locator('svg.chart .empty').count()).toBe(5);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });

  return { launched: () => launched! };
}

describe("the HTML report in headless Chromium (HOSP_CHROMIUM, else Debian's, else @sparticuz/chromium)", () => {
  checkTheReport('auto');
});

describe('the HTML report in the npm-registry Chromium (@sparticuz/chromium), as on a fresh machine', () => {
  const { launched } = checkTheReport('npm');

  it("ran in the Chromium inflated from the npm package, not in HOSP_CHROMIUM or Debian's", () => {
    expect(launched().browser.source).toBe('npm');
    expect(launched().browser.executablePath).not.toBe(DEBIAN_CHROMIUM);
    expect(launched().browser.executablePath).toMatch(/node_modules\/\.cache\/hosp-chromium\/[^/]+\/chromium$/);
  });
});
