/**
 * `<saddle-phase-plot>` in Chromium: what it draws is what src/ computes, a drag with the real mouse recomputes every
 * trajectory from each new start point, an attribute change re-renders, and bad input is a message inside the element.
 * test/browser/setup.ts fails any test here that logged a console error.
 *
 * THE PATTERN for a browser test of an element: `mount` it (helpers.ts) with its attributes in a box of known width,
 * read its read-only property (what it drew, as data), check the shadow DOM against that data, act as a person would
 * (`drag`, `userEvent.keyboard`), change attributes with `setAttribute` then `settled`, and give bad values.
 *
 *   npx vitest run --project browser test/browser/phase-plot.browser.test.ts
 */
import { userEvent } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scaleLinear } from 'd3-scale';
import '../../components/phase-plot.ts';
import { corners, type PhasePlot } from '../../components/phase-plot.ts';
import { drag, drawn, events, mount, settled, shadow, shadowAll } from './helpers.ts';

const DOMAIN = { xmin: -2, xmax: 2, ymin: -2, ymax: 2 };

/** The plot area's box in the page and the data point under a client pixel (the inverse of the element's scales). */
function plotArea(el: PhasePlot) {
  const box = shadow(el, 'rect.background').getBoundingClientRect();
  return {
    box,
    toData: (px: number, py: number): [number, number] => [
      DOMAIN.xmin + ((px - box.left) / box.width) * (DOMAIN.xmax - DOMAIN.xmin),
      DOMAIN.ymax - ((py - box.top) / box.height) * (DOMAIN.ymax - DOMAIN.ymin),
    ],
  };
}

/** The vertices of an SVG path made of M and L commands, in client pixels. */
function vertices(path: SVGPathElement): [number, number][] {
  const ctm = path.getScreenCTM()!;
  return [...(path.getAttribute('d') ?? '').matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/g)].map((m) => {
    const p = new DOMPoint(Number(m[1]), Number(m[2])).matrixTransform(ctm);
    return [p.x, p.y];
  });
}

/** The centre of an element in client pixels. */
function centre(e: Element): [number, number] {
  const r = e.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
}

describe('<saddle-phase-plot> in Chromium', () => {
  it('draws each optimizer’s trajectory from the start point, and the trajectories follow the update rule', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { game: 'bilinear', optimizers: 'simgda,altgda,eg', lr: '0.2', steps: '100', init: '1,1' });
    const trajectories = el.trajectories;
    expect(trajectories.map((t) => t.name)).toEqual(['simgda', 'altgda', 'eg']);
    for (const t of trajectories) {
      expect(t.points[0]).toEqual([1, 1]);
      expect(t.points).toHaveLength(101);
    }
    // Simultaneous GDA on f = x·y multiplies ‖z‖ by √(1 + η²) per step: ‖z_k‖ = √2·(1.04)^(k/2), at every k.
    trajectories[0].points.forEach(([x, y], k) => expect(Math.hypot(x, y)).toBeCloseTo(Math.SQRT2 * 1.04 ** (k / 2), 9));

    // Drawn: one polyline per trajectory whose corners are its iterates, in the plot's scales; a legend line each.
    const { toData } = plotArea(el);
    const lines = shadowAll<SVGPathElement>(el, '.trajectory .line');
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => {
      const corners = vertices(line);
      expect(corners).toHaveLength(trajectories[i].points.length);
      corners.forEach(([px, py], k) => {
        const [x, y] = toData(px, py);
        // Within a pixel (the path's coordinates are rounded): 4 units over ~450 px.
        expect(Math.abs(x - trajectories[i].points[k][0])).toBeLessThan(0.02);
        expect(Math.abs(y - trajectories[i].points[k][1])).toBeLessThan(0.02);
      });
    });
    expect(shadowAll(el, '.arrows path').length).toBeGreaterThanOrEqual(64);
    // The legend's first lines are the trajectories (equilibria follow, with a marker instead of a line as swatch).
    const legend = shadowAll<HTMLLIElement>(el, '.legend li:has(.swatch > line)');
    expect(legend.map((li) => li.querySelector('.label')?.textContent)).toEqual(trajectories.map((t) => t.label));
    expect(legend[0].querySelector('.status')?.textContent).toMatch(/‖z‖ = 10\.[01]/);
    // It fills its container's width.
    expect(shadow(el, 'svg').getBoundingClientRect().width).toBe(520);
  });

  it('recomputes every trajectory at each pointer move of a drag, and tells the page where the start went', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { game: 'bilinear', optimizers: 'simgda,altgda,eg', lr: '0.2', steps: '100', init: '1,1' });
    const changes = events<{ init: [number, number] }>('saddle-change');
    // The trajectories right after each change, as the element recomputed them for the new start.
    const starts: (readonly [number, number])[][] = [];
    el.addEventListener('saddle-change', async () => {
      await el.updateComplete;
      starts.push(el.trajectories.map((t) => t.points[0]));
    });

    // Drag the start handle from (1, 1) to (−1, 0.5): fractions (0.25, 0.375) of the plot area from its top-left.
    await drag(shadow(el, '.handle .ring'), shadow(el, 'rect.background'), 0.25, 0.375, 8);
    await settled(el);
    changes.stop();

    const [x, y] = el.init!.split(',').map(Number);
    expect(x).toBeCloseTo(-1, 1);
    expect(y).toBeCloseTo(0.5, 1);
    // Several events during the drag, each one bubbled out of the element to the document, the last one at `init`.
    expect(changes.details.length).toBeGreaterThanOrEqual(4);
    expect(changes.details.at(-1)!.init).toEqual([x, y]);
    // Every change recomputed all three trajectories from that change's start point.
    expect(starts).toHaveLength(changes.details.length);
    starts.forEach((s, i) => expect(s).toEqual([0, 1, 2].map(() => changes.details[i].init)));
    // The picture follows: the handle and each polyline's first corner are at the new start.
    const { toData } = plotArea(el);
    const handle = toData(...centre(shadow(el, '.handle .ring')));
    expect(handle[0]).toBeCloseTo(x, 1);
    expect(handle[1]).toBeCloseTo(y, 1);
    for (const line of shadowAll<SVGPathElement>(el, '.trajectory .line')) {
      const [x0, y0] = toData(...vertices(line)[0]);
      expect(Math.hypot(x0 - x, y0 - y)).toBeLessThan(0.02);
    }
  });

  it('moves the start point with the arrow keys', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { game: 'bilinear', optimizers: 'eg', steps: '20', init: '1,1' });
    shadow<SVGSVGElement>(el, 'svg').focus();
    await userEvent.keyboard('{ArrowUp}{ArrowLeft}');
    await settled(el);
    // One press moves 1/50 of the domain: 0.08 here.
    expect(el.init).toBe('0.92,1.08');
    expect(el.trajectories[0].points[0]).toEqual([0.92, 1.08]);
  });

  it('re-renders when an attribute changes', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { game: 'bilinear', optimizers: 'simgda,altgda,eg', lr: '0.2', steps: '100', init: '1,1' });
    const before = shadow(el, '.trajectory .line').getAttribute('d');

    el.setAttribute('optimizers', 'eg');
    el.setAttribute('steps', '20');
    el.setAttribute('init', '-1,0.5');
    await drawn(el);
    expect(el.trajectories.map((t) => t.name)).toEqual(['eg']);
    expect(el.trajectories[0].points).toHaveLength(21);
    expect(el.trajectories[0].points[0]).toEqual([-1, 0.5]);
    const lines = shadowAll<SVGPathElement>(el, '.trajectory .line');
    expect(lines).toHaveLength(1);
    expect(vertices(lines[0])).toHaveLength(21);
    expect(lines[0].getAttribute('d')).not.toBe(before);
    expect(shadowAll(el, '.legend li:has(.swatch > line)')).toHaveLength(1);

    // A property set from script reflects to the attribute and re-renders the same way.
    el.game = 'dirac';
    await drawn(el);
    expect(el.getAttribute('game')).toBe('dirac');
    expect(shadow(el, 'svg').getAttribute('aria-label')).toMatch(/Dirac/i);
  });

  it('shows a readable message inside the element for each bad attribute, and recovers when it is fixed', async () => {
    const el = await mount<PhasePlot>('saddle-phase-plot', { game: 'bilinear', optimizers: 'simgda', steps: '50' });
    const cases: [attribute: string, value: string, says: RegExp][] = [
      ['game', 'nope', /nope/],
      ['params', '{oops', /^params: not valid JSON/],
      ['optimizers', 'simgda,warp', /unknown optimizer "warp"/],
      ['steps', 'many', /^steps: expected a whole number/],
      ['init', '1', /^init: expected a start point/],
      ['domain', '1,0,0,1', /^domain: expected xmin < xmax/],
    ];
    for (const [attribute, value, says] of cases) {
      const good = el.getAttribute(attribute);
      el.setAttribute(attribute, value);
      await drawn(el);
      const message = shadow(el, '.message[role="alert"]');
      expect(message.textContent, `${attribute}="${value}"`).toMatch(says);
      expect(message.textContent).not.toMatch(/\bat\s.*:\d+:\d+|internal error|NaN|undefined/);
      // Not a blank box: the message is visible and the element has a height.
      expect(message.getBoundingClientRect().height).toBeGreaterThan(0);
      expect(el.getBoundingClientRect().height).toBeGreaterThan(0);
      expect(shadowAll(el, 'svg')).toHaveLength(0);
      expect(el.trajectories).toEqual([]);

      if (good === null) el.removeAttribute(attribute);
      else el.setAttribute(attribute, good);
      await drawn(el);
      expect(shadowAll(el, '.message')).toHaveLength(0);
      expect(el.trajectories).toHaveLength(1);
    }
  });

  it('draws each polyline through its iterates, leaving out only those within half a pixel of the corner before', () => {
    const coordinate = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(
      fc.property(
        // Runs that creep (steps far below a pixel) and runs that jump, in one list.
        fc.array(fc.tuple(coordinate, coordinate, fc.constantFrom(1, 1e-3, 1e-5)), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 50, max: 900 }),
        (steps, side) => {
          const points: [number, number][] = [];
          let [x, y] = [0, 0];
          for (const [dx, dy, scale] of steps) points.push([(x += dx * scale), (y += dy * scale)]);
          const sx = scaleLinear([-5, 5], [0, side]);
          const sy = scaleLinear([-5, 5], [side, 0]);
          const pixels = points.map(([px, py]) => [sx(px), sy(py)]);
          const drawn = corners(points, sx, sy);
          // The first and the last iterate are corners; the corners are iterates, in order.
          expect(drawn[0]).toEqual(pixels[0]);
          expect(drawn[drawn.length - 1]).toEqual(pixels[pixels.length - 1]);
          let c = 0;
          pixels.forEach((p, k) => {
            if (c < drawn.length && drawn[c][0] === p[0] && drawn[c][1] === p[1] && (k === 0 || c > 0)) {
              c++;
              return;
            }
            // Left out: within half a pixel of the last corner drawn before it.
            const last = drawn[c - 1];
            expect(Math.hypot(p[0] - last[0], p[1] - last[1])).toBeLessThan(0.5);
          });
          expect(c).toBe(drawn.length);
        },
      ),
    );
  });

  it('draws a long converging run with fewer corners than iterates, each iterate within a pixel of the line', async () => {
    // Extragradient on x·y with η = 0.5 contracts by √(1 − η² + η⁴) ≈ 0.90 per step.
    const el = await mount<PhasePlot>('saddle-phase-plot', { game: 'bilinear', optimizers: 'eg', lr: '0.5', steps: '2000', init: '1,1' });
    const t = el.trajectories[0];
    const line = shadow<SVGPathElement>(el, '.trajectory .line');
    const drawnCorners = vertices(line);
    // It converges (‖ξ‖ < 1e-8) after some 180 steps, most of them inside the last pixels.
    expect(t.status).toBe('converged');
    expect(drawnCorners.length).toBeLessThan(t.points.length / 2);
    const { box } = plotArea(el);
    const toPixel = ([x, y]: readonly [number, number]) => [box.left + ((x - DOMAIN.xmin) / (DOMAIN.xmax - DOMAIN.xmin)) * box.width, box.top + ((DOMAIN.ymax - y) / (DOMAIN.ymax - DOMAIN.ymin)) * box.height];
    for (const p of t.points.map(toPixel)) {
      expect(Math.min(...drawnCorners.map((c) => Math.hypot(c[0] - p[0], c[1] - p[1])))).toBeLessThan(0.75);
    }
  });
});
