/**
 * `<saddle-phase-plot>`'s newer features in Chromium: zoom and pan, particles, streamlines, equilibria, the `f`
 * expression with its error caret, a scenario file (`src`), the toolbar and `hide`, export, URL state, and linked
 * views (kit/follow.ts). The basics (drawing, dragging, attributes, messages) are in phase-plot.browser.test.ts.
 *
 *   npx vitest run --project browser test/browser/phase-plot-features.browser.test.ts
 */
import { csvParse } from 'd3-dsv';
import { userEvent } from 'vitest/browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../components/phase-plot.ts';
import type { PhasePlot } from '../../components/phase-plot.ts';
import { pngBlob, svgMarkup, toCsv } from '../../components/kit/export.ts';
import { follow, type RunSnapshot } from '../../components/kit/follow.ts';
import { drag, drawn, events, mount, nextFrame, settled, shadow, shadowAll } from './helpers.ts';

/** The data point at the centre of an element, through the plot's current view. */
function dataAt(el: PhasePlot, e: Element): [number, number] {
  const box = shadow(el, 'rect.background').getBoundingClientRect();
  const r = e.getBoundingClientRect();
  const v = el.view!;
  return [v.xmin + ((r.left + r.width / 2 - box.left) / box.width) * (v.xmax - v.xmin), v.ymax - ((r.top + r.height / 2 - box.top) / box.height) * (v.ymax - v.ymin)];
}

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

describe('zoom and pan', () => {
  it('pans with a drag on the background, zooms with + and −, resets with a double-click; arrows follow the view', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { optimizers: 'eg', steps: '50', init: '1,1' });
    expect(el.view).toEqual({ xmin: -2, xmax: 2, ymin: -2, ymax: 2 });
    const background = shadow(el, 'rect.background');

    // Drag the background from its centre to 3/4 across: the picture moves right by a quarter, the view left by 1.
    await drag(background, background, 0.75, 0.5);
    await settled(el);
    const panned = el.view!;
    expect(close(panned.xmin, -3, 0.05) && close(panned.xmax, 1, 0.05)).toBe(true);
    expect(close(panned.ymin, -2, 0.05)).toBe(true);
    expect(el.init).toBe('1,1'); // panning does not move the start point

    // The arrows are recomputed for the view: their grid points lie inside it.
    const xs = shadowAll<SVGPathElement>(el, '.arrows path').map((p) => p.getBBox().x + p.getBBox().width / 2);
    const bx = background.getBoundingClientRect();
    expect(xs.length).toBeGreaterThanOrEqual(64);
    expect(Math.max(...xs)).toBeLessThanOrEqual(bx.width + 1);

    // + zooms in by 1.5 about the centre of the plot area.
    shadow<SVGSVGElement>(el, 'svg').focus();
    await userEvent.keyboard('+');
    await settled(el);
    const zoomed = el.view!;
    expect((zoomed.xmax - zoomed.xmin) * 1.5).toBeCloseTo(4, 6);
    expect((zoomed.xmin + zoomed.xmax) / 2).toBeCloseTo((panned.xmin + panned.xmax) / 2, 6);

    // The start point is still where the data says, in the new scales.
    const [hx, hy] = dataAt(el, shadow(el, '.handle .ring'));
    expect(close(hx, 1, 0.03) && close(hy, 1, 0.03)).toBe(true);

    await userEvent.dblClick(background, { position: { x: 10, y: 10 }, force: true });
    await settled(el);
    expect(el.view).toEqual({ xmin: -2, xmax: 2, ymin: -2, ymax: 2 });
    expect(el.init).toBe('1,1'); // a double-click resets the view and moves nothing
  });

  it('keeps the start point draggable in a zoomed view', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { optimizers: 'eg', steps: '50', init: '0.5,0.5' });
    shadow<SVGSVGElement>(el, 'svg').focus();
    await userEvent.keyboard('++');
    await settled(el);
    const v = el.view!;
    await drag(shadow(el, '.handle .ring'), shadow(el, 'rect.background'), 0.25, 0.25);
    await settled(el);
    const [x, y] = el.init!.split(',').map(Number);
    expect(close(x, v.xmin + 0.25 * (v.xmax - v.xmin), 0.05)).toBe(true);
    expect(close(y, v.ymax - 0.25 * (v.ymax - v.ymin), 0.05)).toBe(true);
    expect(el.view).toEqual(v);
  });
});

describe('field layers', () => {
  it('animates particles on a canvas under the plot, measures frames/s, and stops when paused', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { particles: '400', optimizers: 'eg', steps: '20' });
    const canvas = shadow<HTMLCanvasElement>(el, 'canvas.particles');
    await vi.waitFor(() => expect(el.particleFps).toBeGreaterThan(0), { timeout: 10_000 });
    // Something was drawn: some pixels are not transparent.
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
    expect(painted).toBeGreaterThan(100);
    // Under the SVG: the plot (and its handle) stays on top and takes the pointer.
    const [cx, cy] = [canvas.getBoundingClientRect().left + 20, canvas.getBoundingClientRect().top + 20];
    expect(el.shadowRoot!.elementFromPoint(cx, cy)?.closest('svg')).not.toBeNull();

    el.paused = true;
    await settled(el);
    await nextFrame();
    expect(el.particleFps).toBe(0);

    el.setAttribute('particles', 'many');
    await drawn(el);
    expect(shadow(el, '.message[role="alert"]').textContent).toMatch(/^particles: expected a whole number from 0 to 100000, got "many"/);
  });

  it('draws streamlines instead of arrows, one path for all of them', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { streamlines: '', optimizers: 'eg', steps: '20' });
    expect(el.streamlineCount).toBeGreaterThan(10);
    expect(shadowAll(el, '.streamlines path.stream')).toHaveLength(1);
    expect(shadowAll(el, '.arrows')).toHaveLength(0);
  });

  it('marks each equilibrium with its kind, where it is, with a legend entry', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { f: 'x^3/3 - x*y^2/2 - x + x*y', domain: '-2.5,2.5,-2.5,2.5', optimizers: 'eg', steps: '20' });
    await vi.waitFor(() => expect(el.equilibria.length).toBe(2), { timeout: 10_000 });
    await settled(el);
    // ξ = (x² − y²/2 − 1 + y, x·y − x) = 0: x = 0 gives y² − 2y + 2 = 0 (no root); y = 1 gives x² = 1/2.
    const kinds = el.equilibria.map((m) => [m.kind, m.x, m.y] as const);
    expect(kinds.map(([k]) => k).sort()).toEqual(['stable node', 'unstable node']);
    for (const [, x, y] of kinds) {
      expect(Math.abs(x)).toBeCloseTo(Math.SQRT1_2, 9);
      expect(y).toBeCloseTo(1, 9);
    }
    const marks = shadowAll(el, '.equilibria .eq');
    expect(marks).toHaveLength(2);
    marks.forEach((m, i) => {
      const [x, y] = dataAt(el, m);
      expect(close(x, el.equilibria[i].x, 0.03) && close(y, el.equilibria[i].y, 0.03)).toBe(true);
    });
    const legend = shadowAll(el, '.legend li').map((li) => li.textContent ?? '');
    expect(legend.some((t) => /stable node\s+equilibrium at \(x, y\) = \(0\.707, 1\), a local Nash equilibrium/.test(t))).toBe(true);
  });
});

describe('the legend at any width', () => {
  it('keeps every status inside the element: beside the name when wide, under it when narrow (a container query)', async () => {
    // Long labels (adam's options) and long statuses (diverged, with a norm in exponent notation).
    const attrs = { optimizers: 'simgda,adam,consensus', lr: '0.6', steps: '300', init: '1,1' };
    for (const width of [320, 380, 540, 800]) {
      const el = await mount<PhasePlot>('saddle-phase-plot', attrs, { width });
      const host = el.getBoundingClientRect();
      const rows = shadowAll<HTMLLIElement>(el, '.legend li:has(.swatch > line)');
      expect(rows).toHaveLength(3);
      for (const li of rows) {
        const label = li.querySelector('.label')!.getBoundingClientRect();
        const status = li.querySelector('.status')!.getBoundingClientRect();
        // Each piece of the status stays on one line (white-space: nowrap): none may stick out of the element.
        const right = Math.max(status.right, ...[...li.querySelectorAll('.status span')].map((e) => e.getBoundingClientRect().right));
        expect(right, `${width} px: ${li.textContent}`).toBeLessThanOrEqual(host.right + 0.5);
        expect(label.right).toBeLessThanOrEqual(host.right + 0.5);
        // Narrow: the status starts on the line under its name; wide: on the same line, to its right.
        if (width <= 520) expect(status.top).toBeGreaterThanOrEqual(label.bottom - 1);
        else expect(status.left).toBeGreaterThan(label.right);
      }
      expect(rows.map((li) => li.querySelector('.status')!.textContent)).toEqual(el.trajectories.map((t) => expect.stringContaining(`${t.step}`)));
    }
  });
});

describe('inputs', () => {
  it('shows an expression error with a caret under the faulty character', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { f: 'x*y + foo(x)' });
    const message = shadow(el, '.message[role="alert"]');
    expect(message.textContent).toMatch(/f, char 6: unknown function "foo"/);
    const [text, caret] = shadow(el, '.message pre').textContent!.split('\n');
    expect(text).toBe('x*y + foo(x)');
    expect(caret.indexOf('^')).toBe(6);
    el.setAttribute('f', 'x*y - 0.1*x^2');
    await drawn(el);
    expect(el.trajectories.length).toBe(3);
  });

  it('runs a scenario file (src), the attributes on top; a missing file is a message', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { src: '/sims/xy.json', steps: '40' }, { ready: 'svg.plot' });
    expect(el.trajectories.map((t) => t.label)).toContain('gradient flow (rk45)');
    expect(el.trajectories).toHaveLength(12);
    expect(el.trajectories.every((t) => t.points.length === 41)).toBe(true);
    expect(el.view).toEqual({ xmin: -3, xmax: 3, ymin: -3, ymax: 3 });
    el.setAttribute('src', '/sims/no-such-file.json');
    await drawn(el, '.nothing');
    expect(shadow(el, '.message[role="alert"]').textContent).toMatch(/^src: "\/sims\/no-such-file\.json" is not a scenario file|^src: could not load/);
  });
});

describe('controls', () => {
  it('has a toolbar whose toggles, slider and steps change the plot and tell the page; hide leaves some out', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { controls: '', optimizers: 'simgda,eg', lr: '0.1', steps: '30' });
    const changes = events<{ optimizers: string }>('saddle-change');
    const ogda = shadowAll<HTMLLabelElement>(el, '.controls .toggles label').find((l) => l.textContent?.trim() === 'ogda')!;
    await userEvent.click(ogda.querySelector('input')!);
    await settled(el);
    expect(el.optimizers).toBe('simgda,eg,ogda');
    expect(el.trajectories.map((t) => t.name)).toEqual(['simgda', 'eg', 'ogda']);
    expect(changes.details.at(-1)!.optimizers).toBe('simgda,eg,ogda');

    const slider = shadow<HTMLInputElement>(el, '.controls input[type="range"]');
    slider.value = '-0.5';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await settled(el);
    expect(el.lr).toBe('0.316');
    expect(el.trajectories[0].label).toBe('simgda (η = 0.316)');
    changes.stop();

    // Space plays the iterates: the legend counts the steps shown; space again stops.
    shadow<SVGSVGElement>(el, 'svg').focus();
    await userEvent.keyboard(' ');
    await vi.waitFor(() => expect(shadow(el, '.legend .start').textContent).toMatch(/showing step \d+ of 30/));
    await userEvent.keyboard(' ');
    await settled(el);
    expect(shadow(el, '.legend .start').textContent).not.toMatch(/showing/);

    el.setAttribute('hide', 'lr,export, play');
    await drawn(el);
    expect(shadowAll(el, '.controls input[type="range"]')).toHaveLength(0);
    expect(shadowAll(el, '.controls .export')).toHaveLength(0);
    expect(shadowAll(el, '.controls .play')).toHaveLength(0);
    expect(shadowAll(el, '.controls .toggles')).toHaveLength(1);
    el.setAttribute('hide', 'lr,zoom');
    await drawn(el);
    expect(shadow(el, '.message[role="alert"]').textContent).toMatch(/^hide: "zoom" is not a control/);
  });

  it('exports a standalone SVG that parses and keeps the look, and CSV rows that parse back to the iterates', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { controls: '', optimizers: 'simgda,eg', steps: '20' });
    const buttons = shadowAll<HTMLButtonElement>(el, '.controls .export button');
    expect(buttons.map((b) => b.textContent)).toEqual(['PNG', 'SVG', 'CSV', 'JSON']);
    expect(buttons.every((b) => b.getAttribute('aria-label'))).toBe(true);

    const markup = svgMarkup(el.exportSource.svg!()!);
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(doc.documentElement.namespaceURI).toBe('http://www.w3.org/2000/svg');
    // The trajectories' look is inlined (no style sheet outside the page): a line has no fill and its colour.
    const line = doc.querySelector('path[d^="M"][style*="fill:none"]');
    expect(line).not.toBeNull();
    expect(doc.querySelectorAll('[tabindex], [role]')).toHaveLength(0);

    // The PNG: the SVG drawn at twice the size on white.
    const png = await pngBlob(el.exportSource.svg!()!, 2);
    expect(png.type).toBe('image/png');
    const bitmap = await createImageBitmap(png);
    const svgBox = el.exportSource.svg!()!.getBoundingClientRect();
    expect([bitmap.width, bitmap.height]).toEqual([Math.round(2 * svgBox.width), Math.round(2 * svgBox.height)]);

    const rows = el.exportSource.rows!();
    const parsed = csvParse(toCsv(rows));
    expect(parsed).toHaveLength(42);
    parsed.forEach((r, i) => {
      expect(Number(r.x)).toBe(rows[i].x);
      expect(Number(r.y)).toBe(rows[i].y);
    });
  });
});

describe('url-state', () => {
  const before = location.href;
  afterEach(() => history.replaceState(null, '', before));

  it('reads its attributes from the URL at connect and writes a person’s changes back', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#intro&plot1.init=0.5,-1&plot1.lr=0.05&other.lr=9`);
    const el = await mount<PhasePlot>('saddle-phase-plot', { id: 'plot1', 'url-state': '', init: '1,1', optimizers: 'eg', steps: '20' });
    expect(el.init).toBe('0.5,-1');
    expect(el.lr).toBe('0.05');
    expect(el.trajectories[0].points[0]).toEqual([0.5, -1]);
    shadow<SVGSVGElement>(el, 'svg').focus();
    await userEvent.keyboard('{ArrowRight}');
    await settled(el);
    const hash = new URLSearchParams(location.hash.slice(1));
    expect(location.hash.startsWith('#intro&')).toBe(true);
    expect(hash.get('plot1.init')).toBe('0.58,-1');
    expect(hash.get('other.lr')).toBe('9');

    // Without the attribute the URL is neither read nor written.
    const plain = await mount<PhasePlot>('saddle-phase-plot', { id: 'other', init: '1,1', optimizers: 'eg', steps: '20' });
    expect(plain.getAttribute('lr')).toBeNull();
    expect(new URLSearchParams(location.hash.slice(1)).has('other.init')).toBe(false);
  });
});

describe('linked views (kit/follow.ts)', () => {
  it('follows a plot that appears later, gets each run, reports a missing id, and stops when asked', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const runs: RunSnapshot[] = [];
    const problems: (string | undefined)[] = [];
    const stop = follow(host, 'later', (r) => runs.push(r), { onProblem: (p) => problems.push(p) });
    expect(problems.at(-1)).toMatch(/^for: no element with id "later" on this page/);

    const el = await mount<PhasePlot>('saddle-phase-plot', { id: 'later', optimizers: 'eg', steps: '10' });
    await vi.waitFor(() => expect(runs.length).toBeGreaterThan(0));
    expect(problems.at(-1)).toBeUndefined();
    expect(runs.at(-1)).toBe(el.run);
    expect(runs.at(-1)!.trajectories).toBe(el.trajectories);

    const n = runs.length;
    el.setAttribute('steps', '12');
    await settled(el);
    expect(runs.length).toBe(n + 1);
    expect(runs.at(-1)!.spec.steps).toBe(12);

    stop();
    el.setAttribute('steps', '13');
    await settled(el);
    expect(runs.length).toBe(n + 1);
    host.remove();

    const odd = document.createElement('p');
    odd.id = 'just-text';
    document.body.append(odd);
    const seen: (string | undefined)[] = [];
    const stop2 = follow(document.body, 'just-text', () => {}, { onProblem: (p) => seen.push(p) });
    expect(seen.at(-1)).toMatch(/is a <p>, which runs no trajectories/);
    stop2();
    odd.remove();
  });
});
