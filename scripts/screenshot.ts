/**
 * Looks at the gallery as a person would, and keeps docs/gallery.png current: opens index.html in Debian's Chromium
 * (playwright-core, no browser download), waits until every `<saddle-*>` element has drawn, and writes
 *   - docs/gallery.png: the page's first 1,400 px (the README shows it), and <shots>/gallery-full.png: all of it;
 *   - <shots>/<tag>.png for each kind of element, alone on an empty page with only its attributes (and, for a view
 *     that follows another with `for="id"`, that one beside it), so each can be looked at in isolation;
 *   - <shots>/gallery-<id or tag>-<n>.png: every element as it sits in the gallery.
 * It builds the gallery with vite (vite.config.ts, as `npm run build`, into a temporary folder) and serves it on a
 * free port (or uses --url, e.g. a running `npm start`); a build holds still where the dev server reloads the page
 * whenever a file changes. It fails when the page logs an error, a request fails, an element shows an error
 * message, or the page draws fewer than 30 frames per second.
 *
 *   npx tsx scripts/screenshot.ts [--url http://localhost:5173/] [--shots /tmp/saddle-shots] [--width 1100] [--no-gallery-png]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { launchOptions, requireChromium } from '../test/browser/chromium.ts';
import { serveStatic, type StaticServer } from '../test/browser/static-server.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const shots = arg('shots', '/tmp/saddle-shots')!;
const width = Number(arg('width', '1100'));
const writeGalleryPng = !process.argv.includes('--no-gallery-png');
const problems: string[] = [];

/**
 * Waits (at most 30 s) until every `<saddle-*>` element on the page has drawn (an svg or canvas) or shows a message;
 * returns the ones that did not, each with why (not a defined element, or nothing drawn).
 */
async function allDrawn(page: Page): Promise<string[]> {
  const pending = () =>
    page
      .evaluate(() =>
        [...document.querySelectorAll('*')]
          .filter((e) => e.localName.startsWith('saddle-') && !e.shadowRoot?.querySelector('svg, canvas, .message[role="alert"]'))
          .map((e) => `<${e.localName}${e.id ? ` id="${e.id}"` : ''}> ${customElements.get(e.localName) ? 'drew nothing in 30 s' : 'is not a defined element'}`),
      )
      // The vite dev server reloads the page once when it discovers a dependency to pre-bundle: wait for the new one.
      .catch(() => ['the page was reloading']);
  for (let t = 0; t < 30_000; t += 250) {
    if ((await pending()).length === 0) return [];
    await page.waitForTimeout(250);
  }
  return pending();
}

/** Animation frames per second in the page, counted over `seconds`. */
const frameRate = (page: Page, seconds: number) =>
  page.evaluate(
    (s) =>
      new Promise<number>((resolve) => {
        let frames = 0;
        const t0 = performance.now();
        requestAnimationFrame(function tick(t) {
          frames++;
          if (t - t0 < s * 1000) requestAnimationFrame(tick);
          else resolve((frames * 1000) / (t - t0));
        });
      }),
    seconds,
  );

/** Where the `index`-th `<saddle-*>` element of the page is, in document coordinates (what a full-page screenshot's clip takes). */
const boxOf = (page: Page, index: number) =>
  page.evaluate((i) => {
    const el = [...document.querySelectorAll('*')].filter((x) => x.localName.startsWith('saddle-'))[i];
    const r = el?.getBoundingClientRect();
    return r && r.height > 0 ? { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height } : undefined;
  }, index);

/**
 * Takes a picture of the whole page, or of the region `clip` of it (document coordinates); a page too busy to draw a
 * frame in 20 s is a problem, not a crash.
 */
async function shoot(page: Page, path: string, clip?: { x: number; y: number; width: number; height: number }): Promise<boolean> {
  try {
    await page.screenshot({ path, clip, fullPage: true, timeout: 20_000 });
    return true;
  } catch (e) {
    problems.push(`no picture ${path}: ${(e as Error).message.split('\n')[0]}`);
    return false;
  }
}

requireChromium();
let server: StaticServer | undefined;
let built: string | undefined;
let url = arg('url');
if (!url) {
  built = mkdtempSync(join(tmpdir(), 'saddle-gallery-'));
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir: built, emptyOutDir: true } });
  // The build first; the repository behind it for what the page fetches at run time (sims/ scenario files).
  server = await serveStatic([
    ['/', built],
    ['/', root],
  ]);
  url = `${server.origin}/`;
}
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch(launchOptions());
try {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  // tsx compiles this file with esbuild's keepNames, which wraps named functions in `__name(fn, "name")`; the
  // functions given to page.evaluate carry that call into the page, which needs the helper too.
  await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  problems.push(...(await allDrawn(page)));
  // Animated parts (particles, a training GAN) draw over time: give them a moment before the picture.
  await page.waitForTimeout(1500);
  const fps = await frameRate(page, 2);
  console.log(`the gallery runs at ${fps.toFixed(1)} frames per second`);
  if (fps < 30) problems.push(`the gallery runs at ${fps.toFixed(1)} frames per second (goal ≥ 30): an element holds the main thread`);

  const elements = await page.evaluate(() =>
    [...document.querySelectorAll('*')]
      .filter((e) => e.localName.startsWith('saddle-'))
      .map((e, index) => ({
        index,
        tag: e.localName,
        id: e.id,
        html: e.outerHTML.replace(/>[\s\S]*$/, '>') + `</${e.localName}>`,
        follows: e.getAttribute('for'),
        message: e.shadowRoot?.querySelector('.message[role="alert"]')?.textContent ?? null,
      })),
  );
  console.log(`${url}: ${elements.length} elements (${[...new Set(elements.map((e) => e.tag))].join(', ')})`);
  for (const e of elements) if (e.message) problems.push(`${e.tag}${e.id ? `#${e.id}` : ''} shows: ${e.message}`);

  if (writeGalleryPng) {
    // The README shows the page's opening (the whole page is ~16,000 px tall: it goes to <shots>/gallery-full.png).
    if (await shoot(page, join(root, 'docs/gallery.png'), { x: 0, y: 0, width, height: 1400 })) console.log('wrote docs/gallery.png');
  }
  if (await shoot(page, join(shots, 'gallery-full.png'))) console.log(`wrote ${join(shots, 'gallery-full.png')}`);
  const count = new Map<string, number>();
  for (const e of elements) {
    const n = (count.get(e.tag) ?? 0) + 1;
    count.set(e.tag, n);
    const file = join(shots, `gallery-${e.id || e.tag}${e.id ? '' : `-${n}`}.png`);
    const box = await boxOf(page, e.index);
    if (!box) {
      problems.push(`${e.tag}${e.id ? `#${e.id}` : ''} in the gallery has no size: no picture`);
      continue;
    }
    // A clip rather than an element screenshot: that one waits for the element to hold still, which an animation
    // (particles, a training GAN) never does.
    await shoot(page, file, box);
  }
  console.log(`wrote the gallery's element shots to ${shots}`);

  // Each kind of element alone: the same page (so the bundle is loaded), its body replaced by the element.
  const firsts = elements.filter((e, i) => elements.findIndex((x) => x.tag === e.tag) === i);
  for (const e of firsts) {
    const source = e.follows ? elements.find((x) => x.id === e.follows) : undefined;
    await page.evaluate(
      ([html, sourceHtml]) => {
        document.body.replaceChildren();
        document.body.style.cssText = 'margin:0;padding:16px;background:#fff;max-width:640px';
        const box = document.createElement('div');
        box.innerHTML = (sourceHtml ?? '') + html;
        document.body.append(...box.children);
      },
      [e.html, source?.html ?? null] as const,
    );
    problems.push(...(await allDrawn(page)).map((p) => `alone: ${p}`));
    await page.waitForTimeout(500);
    const file = join(shots, `${e.tag}.png`);
    // The element is the last one on the page (a view it follows comes first).
    const box = await boxOf(page, source ? 1 : 0);
    if (!box) {
      problems.push(`${e.tag} alone has no size: no picture`);
      continue;
    }
    if (!(await shoot(page, file, box))) continue;
    const message = await page.locator(e.tag).last().evaluate((x) => x.shadowRoot?.querySelector('.message[role="alert"]')?.textContent ?? null);
    if (message) problems.push(`${e.tag} alone shows: ${message}`);
    console.log(`wrote ${file}${source ? ` (beside #${source.id}, which it follows)` : ''}`);
  }
} finally {
  await browser.close();
  await server?.close();
  if (built) rmSync(built, { recursive: true, force: true });
}
if (problems.length) {
  console.error(`${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('no console errors, failed requests or error messages');
