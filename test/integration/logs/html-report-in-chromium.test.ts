import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { AccessLogAnalysis } from '../../../src/adapters/logs/access-log-analysis';
import { analyzeAccessLogs } from '../../../src/adapters/logs/analyze-access-logs';
import { renderHtmlReport } from '../../../src/adapters/logs/render-html-report';
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

  it('draws the success-rate and p99 charts with every data point, offline and without errors', async () => {
    const logs = join(dir, 'sample.log');
    await writeFile(logs, `${[...HAND_CHECKED_DAY1, ...HAND_CHECKED_DAY2].join('\n')}\n`);
    const report = await analyzeAccessLogs([logs]);
    const { page, requests, problems } = await open(launched!.context, dir, renderHtmlReport({ sources: [report], comparison: null }, new Date('2024-01-01T00:00:00Z')), 'report.html');

    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        return {
          id: svg.getAttribute('data-chart'),
          width: box.width,
          height: box.height,
          points: [...svg.querySelectorAll('.bar, .point')].map((el) => {
            const r = el.getBoundingClientRect();
            return { label: el.getAttribute('data-label'), value: Number(el.getAttribute('data-value')), visible: r.width > 0 && r.height > 0 };
          }),
          lines: svg.querySelectorAll('polyline.series').length,
          threshold: svg.querySelectorAll('line.threshold').length,
        };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['success-rate-per-day', 'success-rate-per-hour', 'p99-per-day', 'p99-per-hour']);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(300);
      expect(chart.height).toBeGreaterThan(100);
      expect(chart.points.every((p) => p.visible)).toBe(true);
    }
    const [perDay, perHour, p99Day, p99Hour] = charts;
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

  it('renders a report without traffic', async () => {
    const report = new AccessLogAnalysis().report(99);
    const { page, requests, problems } = await open(launched!.context, dir, renderHtmlReport({ sources: [report], comparison: null }, new Date(0)), 'empty.html');
    expect(await page.locator('svg.chart').count()).toBe(4);
    expect(await page.locator('svg.chart .empty').count()).toBe(4);
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
