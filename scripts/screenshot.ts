/**
 * Looks at the gallery as a person would: opens it in Debian's Chromium (through playwright-core, no browser
 * download), takes a full-page screenshot, drags the first plot's start point and presses an arrow key, checks that
 * the legend and the `init` attribute follow and that `saddle-change` fired, shows a bad attribute's message, and
 * fails on any console error.
 *
 *   npx vite --port 5173 &   then   npx tsx scripts/screenshot.ts [url] [out.png] [viewport width, default 1100]
 */
import { chromium, type ConsoleMessage } from 'playwright-core';

const url = process.argv[2] ?? 'http://localhost:5173/';
const out = process.argv[3] ?? '/tmp/gallery.png';
const width = Number(process.argv[4] ?? 1100);
const problems: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) problems.push(what);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()} (${m.location().url})`);
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));

  await page.goto(url, { waitUntil: 'networkidle' });
  const plots = page.locator('saddle-phase-plot');
  const count = await plots.count();
  check(count === 3, `the gallery has 3 phase plots (found ${count})`);
  for (let i = 0; i < count; i++) await plots.nth(i).locator('.legend li.start').waitFor();
  for (let i = 0; i < count; i++) {
    const arrows = await plots.nth(i).locator('.arrows path').count();
    const lines = await plots.nth(i).locator('.trajectory .line').count();
    check(arrows >= 64 && lines === 3, `plot ${i + 1}: ${arrows} arrows, ${lines} trajectories`);
  }
  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot: ${out}`);

  // Drag the first plot's start point.
  const first = plots.first();
  await page.evaluate(() => {
    const w = window as unknown as { changes: unknown[] };
    w.changes = [];
    document.addEventListener('saddle-change', (e) => w.changes.push((e as CustomEvent).detail));
  });
  const legendBefore = await first.locator('.legend').innerText();
  await first.locator('svg[role="application"]').scrollIntoViewIfNeeded();
  const box = await first.locator('.handle .ring').boundingBox();
  if (!box) throw new Error('no start handle');
  const [hx, hy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(hx, hy);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(hx - 12 * k, hy + 8 * k);
  await page.mouse.up();
  await page.waitForTimeout(100);
  const legendAfter = await first.locator('.legend').innerText();
  const init = await first.getAttribute('init');
  const changes = await page.evaluate(() => (window as unknown as { changes: { init: number[] }[] }).changes);
  check(legendAfter !== legendBefore, `the legend changes when the start point is dragged:\n${legendAfter}`);
  check(init !== '1,1', `init follows the drag: ${init}`);
  check(changes.length >= 5 && changes.at(-1)!.init.join(',') === init, `saddle-change fired ${changes.length} times, last ${JSON.stringify(changes.at(-1))}`);
  const trajectories = await first.evaluate((el) => (el as unknown as { trajectories: { points: number[][] }[] }).trajectories.map((t) => t.points[0].join(',')));
  check(trajectories.every((p) => p === init), `every trajectory starts at the new init: ${trajectories.join(' | ')}`);
  await first.screenshot({ path: out.replace(/\.png$/, '-dragged.png') });

  // The keyboard moves it too.
  await first.locator('svg[role="application"]').focus();
  await page.keyboard.press('ArrowUp');
  const afterKey = await first.getAttribute('init');
  check(afterKey !== init, `ArrowUp moves the start point: ${init} -> ${afterKey}`);

  // A bad attribute is a one-line message, not a blank box and not a console error.
  for (const [attr, value] of [
    ['game', 'nope'],
    ['params', '{oops'],
    ['optimizers', 'simgda,warp'],
    ['steps', 'many'],
    ['game', 'matrix'],
  ] as const) {
    const message = await page.evaluate(
      async ([a, v]) => {
        const el = document.createElement('saddle-phase-plot');
        if (a === 'game' && v === 'matrix') el.setAttribute('params', '{"A":[[1,0],[0,1]]}');
        el.setAttribute(a, v);
        document.body.append(el);
        await el.updateComplete;
        await new Promise((r) => setTimeout(r, 50));
        const text = el.shadowRoot?.querySelector('.message')?.textContent ?? '(no message)';
        el.remove();
        return text;
      },
      [attr, value],
    );
    check(message !== '(no message)' && !message.includes('\n'), `${attr}="${value}" shows: ${message}`);
  }

  check(errors.length === 0, `no console errors${errors.length ? `:\n  ${errors.join('\n  ')}` : ''}`);
  // Lit warns once that it runs its development build under `vite` (dev server); a production build does not.
  for (const w of warnings) console.log(`note: console.warning: ${w}`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(`${problems.length} check(s) failed`);
  process.exit(1);
}
