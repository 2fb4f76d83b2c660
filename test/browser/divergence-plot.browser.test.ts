/**
 * `<saddle-divergence-plot>` in Chromium: what it draws is src/divergence's numbers (W = |θ| on the parallel lines,
 * JS flat at log 2, KL drawn as "∞" off the top, never NaN); dragging the marker or pressing keys moves θ, updates
 * the readout and tells the page; attribute changes re-render; bad input is a message inside the element.
 *
 *   npx vitest run --project browser test/browser/divergence-plot.browser.test.ts
 */
import { userEvent } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import '../../components/divergence-plot.ts';
import type { DivergencePlot } from '../../components/divergence-plot.ts';
import { gaussianOffset, parallelLines } from '../../src/divergence/index.ts';
import { drag, drawn, events, mount, shadow, shadowAll } from './helpers.ts';

const READY = { ready: 'svg.chart' };

/** The vertices of an SVG path of M and L commands, in client pixels. */
function vertices(path: SVGPathElement): [number, number][] {
  const ctm = path.getScreenCTM()!;
  return [...(path.getAttribute('d') ?? '').matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/g)].map((m) => {
    const p = new DOMPoint(Number(m[1]), Number(m[2])).matrixTransform(ctm);
    return [p.x, p.y];
  });
}

/** θ ↦ client x and value ↦ client y of the values panel, read from its axis ticks (d3-axis puts one per tick value). */
function panelScales(el: DivergencePlot, panel: 'values' | 'gradients') {
  const ticks = (cls: string) =>
    shadowAll<SVGGElement>(el, `.panel.${panel} .${cls} .tick`).map((t) => {
      const r = t.querySelector('line')!.getBoundingClientRect();
      return { v: Number(t.textContent!.replace('−', '-')), x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
  const xs = ticks('x-axis');
  const ys = ticks('y-axis');
  const lin = (a: { v: number; p: number }, b: { v: number; p: number }) => (v: number) => a.p + ((v - a.v) * (b.p - a.p)) / (b.v - a.v);
  return {
    x: lin({ v: xs[0].v, p: xs[0].x }, { v: xs[xs.length - 1].v, p: xs[xs.length - 1].x }),
    y: lin({ v: ys[0].v, p: ys[0].y }, { v: ys[ys.length - 1].v, p: ys[ys.length - 1].y }),
  };
}

describe('<saddle-divergence-plot> in Chromium', () => {
  it('the parallel lines: W₁ = |θ| and JS = log 2 as drawn, KL as "∞" off the top, jumps at 0, no NaN anywhere', async () => {
    const el = await mount<DivergencePlot>('saddle-divergence-plot', { example: 'parallel-lines', theta: '-2,2', value: '1', gradients: '' }, READY);
    const curves = el.curves!;
    expect(curves.values.map((c) => c.name)).toEqual(['kl', 'js', 'tv', 'w1']);
    const { x, y } = panelScales(el, 'values');
    // Every vertex of W₁'s path is (θ, |θ|) in the panel's scales, to within a pixel.
    const w = shadow<SVGPathElement>(el, '.panel.values .divergence[data-name="w1"] path.curve');
    const wPoints = curves.values.find((c) => c.name === 'w1')!.pieces[0].points;
    const corners = vertices(w);
    expect(corners).toHaveLength(wPoints.length);
    corners.forEach(([px, py], k) => {
      // d3-axis draws its ticks on half pixels: within one pixel.
      expect(Math.abs(px - x(wPoints[k].theta))).toBeLessThanOrEqual(1);
      expect(Math.abs(py - y(Math.abs(wPoints[k].theta)))).toBeLessThanOrEqual(1);
    });
    // JS: two flat pieces at log 2, an open circle at each side of 0 and the value 0 at 0.
    for (const path of shadowAll<SVGPathElement>(el, '.panel.values .divergence[data-name="js"] path.curve')) {
      for (const [, py] of vertices(path)) expect(Math.abs(py - y(Math.LN2))).toBeLessThanOrEqual(1);
    }
    expect(shadowAll(el, '.panel.values .divergence[data-name="js"] circle.open')).toHaveLength(2);
    // KL: no curve, "∞" above the panel.
    expect(shadowAll(el, '.panel.values .divergence[data-name="kl"] path.curve')).toHaveLength(0);
    const infinity = shadowAll<SVGTextElement>(el, '.panel.values .divergence[data-name="kl"] .infinite text');
    expect(infinity.map((t) => t.textContent)).toContain('KL = ∞');
    const top = shadow(el, '.panel.values .panel-bg').getBoundingClientRect().top;
    for (const t of infinity) expect(t.getBoundingClientRect().bottom).toBeLessThanOrEqual(top);
    // Nothing NaN in any drawn attribute.
    for (const node of shadowAll(el, 'svg.chart *')) for (const a of node.getAttributeNames()) expect(node.getAttribute(a)).not.toMatch(/NaN/);
    // The readout: the values at θ = 1 and their d/dθ.
    const cells = shadowAll<HTMLTableRowElement>(el, '.readout tbody tr').map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(cells).toEqual([['∞', '0'], ['0.6931', '0'], ['1', '0'], ['1', '1']]);
    expect(el.readout!.values).toEqual({ kl: Infinity, js: Math.LN2, tv: 1, w1: 1 });
    // d/dθ panel: W₁'s slope is −1 then +1.
    const g = panelScales(el, 'gradients');
    const slopes = shadowAll<SVGPathElement>(el, '.panel.gradients .divergence[data-name="w1"] path.curve').map((p) => vertices(p).map(([, py]) => py));
    expect(slopes).toHaveLength(2);
    for (const py of slopes[0]) expect(Math.abs(py - g.y(-1))).toBeLessThanOrEqual(1);
    for (const py of slopes[1]) expect(Math.abs(py - g.y(1))).toBeLessThanOrEqual(1);
    // It fills its container.
    expect(shadow(el, 'svg.chart').getBoundingClientRect().width).toBe(520);
  });

  it('a drag of the marker moves θ, recomputes the readout from src and tells the page', async () => {
    const el = await mount<DivergencePlot>('saddle-divergence-plot', { theta: '-2,2', value: '1' }, READY);
    const changes = events<{ theta: number; values: Record<string, number> }>('saddle-change');
    await drag(shadow(el, '.marker .knob'), shadow(el, '.panel.values .panel-bg'), 0.25, 0.5, 6);
    await drawn(el, 'svg.chart');
    changes.stop();
    const theta = Number(el.getAttribute('value'));
    expect(theta).toBeCloseTo(-1, 1);
    expect(changes.details.length).toBeGreaterThanOrEqual(2);
    expect(changes.details[changes.details.length - 1].theta).toBe(theta);
    expect(el.readout!.values).toEqual(Object.fromEntries(['kl', 'js', 'tv', 'w1'].map((n) => [n, parallelLines(theta).values[n as 'kl']])));
    expect(shadow(el, 'svg.chart').getAttribute('aria-valuenow')).toBe(String(theta));
  });

  it('the keyboard moves θ: → by 1/100 of the range, Home to its start', async () => {
    const el = await mount<DivergencePlot>('saddle-divergence-plot', { theta: '-2,2', value: '0.5' }, READY);
    shadow<SVGSVGElement>(el, 'svg.chart').focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await drawn(el, 'svg.chart');
    expect(el.value).toBe('0.58');
    await userEvent.keyboard('{Home}');
    await drawn(el, 'svg.chart');
    expect(el.value).toBe('-2');
    expect(el.readout!.values.w1).toBe(2);
  });

  it('re-renders on attribute changes: Gaussians drawn from gaussianOffset, the d/dθ toggle', async () => {
    const el = await mount<DivergencePlot>('saddle-divergence-plot', { theta: '-2,2' }, READY);
    el.setAttribute('example', 'gaussians');
    el.setAttribute('params', '{"stdQ":0.5}');
    el.setAttribute('divergences', 'kl,w2');
    await drawn(el, 'svg.chart');
    const curves = el.curves!;
    expect(curves.example).toBe('gaussians');
    for (const c of curves.values) for (const p of c.pieces[0].points) expect(p.value).toBe(gaussianOffset(p.theta, { stdQ: 0.5 }).values[c.name]);
    expect(shadowAll(el, '.panel.gradients')).toHaveLength(0);
    const toggle = shadow<HTMLButtonElement>(el, 'button.toggle');
    toggle.click();
    await drawn(el, 'svg.chart');
    expect(el.hasAttribute('gradients')).toBe(true);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(shadowAll(el, '.panel.gradients path.curve').length).toBe(2);
  });

  it('url-state: takes its attributes from the URL fragment and writes θ back when a person moves it', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#dv.value=-0.5&dv.divergences=js,w1&other.lr=1`);
    try {
      const el = await mount<DivergencePlot>('saddle-divergence-plot', { id: 'dv', 'url-state': '', theta: '-2,2' }, READY);
      expect(el.value).toBe('-0.5');
      expect(el.curves!.values.map((c) => c.name)).toEqual(['js', 'w1']);
      shadow<SVGSVGElement>(el, 'svg.chart').focus();
      await userEvent.keyboard('{ArrowRight}');
      await drawn(el, 'svg.chart');
      expect(location.hash).toContain('dv.value=-0.46');
      expect(location.hash).toContain('other.lr=1');
    } finally {
      history.replaceState(null, '', `${location.pathname}${location.search}`);
    }
  });

  it('bad attributes are a message inside the element that names them', async () => {
    for (const [attrs, text] of [
      [{ theta: '3,1' }, 'theta: expected from < to'],
      [{ divergences: 'kl,chi2' }, 'divergences: unknown divergence "chi2"'],
      [{ example: 'mixture', params: '{"p":"normal(0,-1)"}' }, 'params, p'],
    ] as const) {
      const el = await mount<DivergencePlot>('saddle-divergence-plot', attrs, READY);
      expect(shadow(el, '.message[role="alert"]').textContent).toContain(text);
      expect(shadowAll(el, 'svg.chart')).toHaveLength(0);
    }
  });
});
