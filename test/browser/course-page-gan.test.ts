/**
 * examples/gan-course-page.html works from the built bundle (issue 6: the GAN elements embed in a course page with
 * one script tag): served by a plain static server, opened in Chromium, the 1-D picture and the 2-D trainer draw and
 * train, nothing is logged as an error and no request fails. The bundle emits its binary assets as files
 * (vite.lib.config.ts): the wasm backend fetches its .wasm from dist/assets/ relative to the chunk, and a page with no
 * digits element never downloads the MNIST asset or the digit classifier. Runs in Node (vitest project `bundle`).
 */
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gzippedSize, root } from './bundle.ts';
import { launchOptions, requireChromium } from './chromium.ts';
import { watchProblems } from './page-problems.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const bundle = inject('bundle');
/** Gzipped JavaScript a GAN page may download (saddle.js, the element, the engine with tfjs); assets apart. */
const GAN_BUDGET = 450_000;

/** A page on which a trainer is told to run on wasm: the emitted .wasm files must load from dist/assets/. */
const WASM_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>wasm</title><link rel="icon" href="data:,">
<script type="module" src="/dist/saddle.js"></script></head>
<body><saddle-gan-trainer backend="wasm" data="ring8" seed="3" views="real,fake" refresh="100"></saddle-gan-trainer></body></html>`;

/** A page with the digits element: it fetches the MNIST asset and the classifier, emitted next to the bundle. */
const DIGITS_PAGE = WASM_PAGE.replace(/<body>.*<\/body>/, '<body><saddle-gan-images batch="16" seed="0"></saddle-gan-images></body>');

let server: StaticServer;
let browser: Browser;

interface Watched {
  page: Page;
  problems: string[];
}

async function open(path: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const problems = watchProblems(page);
  await page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
  return { page, problems };
}

/** Presses play on a trainer and waits until it has trained at least `steps` steps; returns what it drew. */
async function trainFor(page: Page, selector: string, steps: number) {
  const trainer = page.locator(selector);
  await trainer.scrollIntoViewIfNeeded();
  const play = trainer.locator('button', { hasText: 'play' });
  await play.waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForFunction((s) => !(document.querySelector(s)!.shadowRoot!.querySelector('button') as HTMLButtonElement).disabled, selector, { timeout: 60_000 });
  await play.click();
  await page.waitForFunction(
    ([s, n]) => ((document.querySelector(s as string) as unknown as { drawn: { step: number } }).drawn.step ?? 0) >= (n as number),
    [selector, steps] as const,
    { timeout: 90_000 },
  );
  await trainer.locator('button', { hasText: 'pause' }).click();
  return trainer.evaluate((e) => (e as unknown as { drawn: { backend?: string; step: number; error?: string } }).drawn);
}

beforeAll(async () => {
  requireChromium();
  server = await serveStatic({ '/dist/': bundle.outDir, '/examples/': join(root, 'examples') }, { '/wasm.html': WASM_PAGE, '/digits.html': DIGITS_PAGE });
  browser = await chromium.launch(launchOptions());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('examples/gan-course-page.html on the built bundle, in Chromium', () => {
  it('draws the 1-D picture and trains the 2-D GAN, with no message, error or failed request', async () => {
    const { page, problems } = await open('/examples/gan-course-page.html');
    await page.waitForFunction(
      () => ['saddle-gan-1d', 'saddle-gan-trainer'].every((t) => document.querySelector(t)?.shadowRoot?.querySelector('svg, canvas')),
      undefined,
      { timeout: 60_000 },
    );
    const drawn = await trainFor(page, 'saddle-gan-trainer', 30);
    expect(drawn.error).toBeUndefined();
    expect(drawn.step).toBeGreaterThanOrEqual(30);
    expect(['webgl', 'wasm', 'cpu']).toContain(drawn.backend);
    const messages = await page.evaluate(() =>
      ['saddle-gan-1d', 'saddle-gan-trainer'].map((t) => document.querySelector(t)!.shadowRoot!.querySelector('.message[role="alert"]')?.textContent ?? null),
    );
    expect(messages).toEqual([null, null]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('on wasm, fetches the emitted .wasm next to the bundle and trains; no page without digits fetches MNIST or the classifier', async () => {
    const { page, problems } = await open('/wasm.html');
    const drawn = await trainFor(page, 'saddle-gan-trainer', 30);
    expect(drawn.backend).toBe('wasm');
    expect(drawn.step).toBeGreaterThanOrEqual(30);
    expect(problems).toEqual([]);
    const fetched = server.requested;
    expect(fetched.some((p) => /^\/dist\/assets\/tfjs-backend-wasm(-simd)?-[\w-]+\.wasm$/.test(p)), fetched.join('\n')).toBe(true);
    expect(fetched.filter((p) => /mnist|digit-classifier/.test(p))).toEqual([]);
    await page.close();
  });

  it('the digits element loads the MNIST asset and the classifier from dist/assets/ and draws its samples', async () => {
    const { page, problems } = await open('/digits.html');
    const drawn = await page.evaluate(async () => {
      const e = document.querySelector('saddle-gan-images') as unknown as { ready: Promise<void>; drawn: { error?: string; loading?: string; backend?: string } };
      await customElements.whenDefined('saddle-gan-images');
      await e.ready;
      return e.drawn;
    });
    expect(drawn.error).toBeUndefined();
    expect(drawn.loading).toBeUndefined();
    expect(problems).toEqual([]);
    for (const asset of [/^\/dist\/assets\/mnist-10k\.bin-[\w-]+\.gz$/, /^\/dist\/assets\/digit-classifier\.bin-[\w-]+\.gz$/]) {
      expect(server.requested.some((p) => asset.test(p)), `${asset} in ${server.requested.join(' ')}`).toBe(true);
    }
    await page.close();
  });

  it('downloads at most 450 kB of gzipped JavaScript for a 2-D GAN page: no asset is inlined into a chunk', () => {
    // The 2-D pages' scripts (the digits page, last, adds its own element's chunks).
    const digits = server.requested.indexOf('/digits.html');
    const scripts = [...new Set(server.requested.slice(0, digits < 0 ? undefined : digits).filter((p) => p.startsWith('/dist/') && p.endsWith('.js')))];
    const sizes = scripts.map((p) => gzippedSize(join(bundle.outDir, p.replace(/^\/dist\//, ''))));
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(`GAN pages downloaded ${scripts.length} scripts: ${(total / 1000).toFixed(1)} kB gzipped (budget ${GAN_BUDGET / 1000} kB)`);
    expect(scripts).toContain('/dist/saddle.js');
    expect(total).toBeLessThanOrEqual(GAN_BUDGET);
  });
});
