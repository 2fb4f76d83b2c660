/**
 * examples/course-page.html works from the built bundle, as a teacher would use it (issue 4 §2, §4): served by a
 * plain static server (no build step, no vite), opened in Chromium. Every `<saddle-*>` widget on the page draws,
 * nothing is logged as an error, no request fails, and the page downloads no mathjs and no tfjs and at most 150 kB
 * of gzipped JavaScript. Runs in Node (vitest project `bundle`, which builds the bundle once per run) and drives
 * Chromium through playwright-core.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUDGET, gzippedSize, libraries, root } from './bundle.ts';
import { launchOptions, requireChromium } from './chromium.ts';
import { watchProblems } from './page-problems.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const bundle = inject('bundle');
let server: StaticServer;
let browser: Browser;
let page: Page;
/** Console errors, uncaught errors and failed requests, as one line each (window `error` events apart). */
let problems: string[] = [];

beforeAll(async () => {
  requireChromium();
  // The page loads ../dist/saddle.js: /dist/ is the bundle built for this run, /examples/ the repository's folder.
  server = await serveStatic({ '/dist/': bundle.outDir, '/examples/': join(root, 'examples') });
  browser = await chromium.launch(launchOptions());
  page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  problems = watchProblems(page);
  // Window `error` events that reach no console (Chromium's "ResizeObserver loop …" is one): a host page's error
  // reporting would see them.
  await page.addInitScript(() => {
    const w = window as unknown as { __errorEvents: string[] };
    w.__errorEvents = [];
    window.addEventListener('error', (e) => w.__errorEvents.push(e.message));
  });
  await page.goto(`${server.origin}/examples/course-page.html`, { waitUntil: 'networkidle' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('examples/course-page.html on the built bundle, in Chromium', () => {
  it('draws every widget on the page, with no error message in any', async () => {
    const widgets = await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('saddle-')).length);
    const html = readFileSync(join(root, 'examples/course-page.html'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const tags = [...html.matchAll(/<(saddle-[a-z-]+)/g)];
    expect(widgets).toBe(tags.length);
    expect(widgets).toBeGreaterThanOrEqual(4);

    // Each widget has drawn (an svg or a canvas in its shadow root) or shows a message; wait for all of them.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('*')]
          .filter((e) => e.localName.startsWith('saddle-'))
          .every((e) => e.shadowRoot?.querySelector('svg, canvas, .message[role="alert"]')),
      undefined,
      { timeout: 20_000 },
    );
    const report = await page.evaluate(() =>
      [...document.querySelectorAll('*')]
        .filter((e) => e.localName.startsWith('saddle-'))
        .map((e) => ({
          tag: e.localName,
          message: e.shadowRoot?.querySelector('.message')?.textContent ?? null,
          height: e.getBoundingClientRect().height,
          trajectories: ((e as unknown as { trajectories?: { points: unknown[] }[] }).trajectories ?? []).map((t) => t.points.length),
          optimizers: e.getAttribute('optimizers'),
          lines: e.shadowRoot?.querySelectorAll('.trajectory .line').length ?? 0,
        })),
    );
    for (const w of report) {
      expect(w.message, `${w.tag} shows a message`).toBeNull();
      expect(w.height, `${w.tag} has no height`).toBeGreaterThan(100);
      if (w.tag === 'saddle-phase-plot') {
        // One drawn line per optimizer in its `optimizers` attribute, each a run of `steps` iterates.
        const count = w.optimizers?.split(',').length ?? 0;
        expect(w.trajectories).toHaveLength(count);
        expect(w.lines).toBe(count);
        for (const n of w.trajectories) expect(n).toBeGreaterThan(1);
      }
    }
  });

  it('a drag on a widget works from the bundle too', async () => {
    const plot = page.locator('saddle-phase-plot').first();
    await plot.scrollIntoViewIfNeeded();
    const before = await plot.getAttribute('init');
    const ring = await plot.locator('.handle .ring').boundingBox();
    const area = await plot.locator('rect.background').boundingBox();
    if (!ring || !area) throw new Error('the first phase plot has no start handle or plot area');
    await page.mouse.move(ring.x + ring.width / 2, ring.y + ring.height / 2);
    await page.mouse.down();
    await page.mouse.move(area.x + area.width * 0.3, area.y + area.height * 0.7, { steps: 6 });
    await page.mouse.up();
    const after = await plot.getAttribute('init');
    expect(after).not.toBe(before);
    const starts = await plot.evaluate((e) => (e as unknown as { trajectories: { points: number[][] }[] }).trajectories.map((t) => t.points[0].join(',')));
    for (const s of starts) expect(s).toBe(after);
  });

  it('downloads no mathjs and no tfjs, and at most 150 kB of gzipped JavaScript', () => {
    const scripts = server.requested.filter((p) => p.endsWith('.js'));
    expect(scripts).toContain('/dist/saddle.js');
    let total = 0;
    for (const path of scripts) {
      const file = join(bundle.outDir, path.replace(/^\/dist\//, ''));
      expect(libraries(readFileSync(file, 'utf8')), path).toEqual([]);
      total += gzippedSize(file);
    }
    console.log(`course page downloaded ${scripts.join(', ')}: ${(total / 1000).toFixed(1)} kB gzipped (budget ${BUDGET / 1000} kB)`);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  it('logs no errors', async () => {
    const events = await page.evaluate(() => (window as unknown as { __errorEvents: string[] }).__errorEvents);
    expect([...problems, ...events.map((m) => `window error event: ${m}`)]).toEqual([]);
  });
});
