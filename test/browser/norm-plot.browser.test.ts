/**
 * `<saddle-norm-plot>` in Chromium: it draws ‖z_t − z*‖ of each run on a log scale with the rate src/analysis
 * predicts, standalone or following a `<saddle-phase-plot>`; its cursor answers the keyboard; bad input is a message.
 *
 *   npx vitest run --project browser test/browser/norm-plot.browser.test.ts
 */
import { userEvent } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import '../../components/norm-plot.ts';
import '../../components/phase-plot.ts';
import { svgMarkup } from '../../components/kit/export.ts';
import { follow } from '../../components/kit/follow.ts';
import type { NormPlot } from '../../components/norm-plot.ts';
import { normSeries, siteFor } from '../../components/norm-plot-model.ts';
import type { PhasePlot } from '../../components/phase-plot.ts';
import { loadGame, readAttributes, runTrajectories } from '../../components/phase-plot-model.ts';
import { drawn, events, mount, settled, shadow, shadowAll } from './helpers.ts';

/** The numbers of a path made of M and L commands. */
const corners = (d: string) => [...d.matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);

describe('<saddle-norm-plot> in Chromium', () => {
  it('draws what the model computes: the distance of every iterate, and the predicted rate as a straight line from the start', async () => {
    const attrs = { game: 'bilinear', optimizers: 'simgda,eg,adam', lr: '0.2', steps: '120', init: '1,0.5' };
    const el = await mount<NormPlot>('saddle-norm-plot', attrs);
    const spec = readAttributes(attrs);
    const game = await loadGame(spec);
    const expected = normSeries(game, spec, runTrajectories(game, spec), siteFor(game, spec));
    expect(el.data).toEqual(expected);
    expect(el.data!.series[0].rho).toBeCloseTo(Math.sqrt(1.04), 12);

    const series = shadowAll<SVGGElement>(el, 'g.series');
    expect(series).toHaveLength(3);
    // Simultaneous GDA on x·y grows exactly like its prediction: every corner of its curve lies on its dashed line.
    const line = series[0].querySelector('line.predicted')!;
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((a) => Number(line.getAttribute(a)));
    const measured = corners(series[0].querySelector('path.measured')!.getAttribute('d')!);
    expect(measured.length).toBeGreaterThan(100);
    for (const [px, py] of measured) expect(Math.abs(y1 + ((y2 - y1) * (px - x1)) / (x2 - x1) - py)).toBeLessThan(0.5);
    // Adam has no linear update map: its curve is drawn, without a prediction, and the legend says why.
    expect(series[2].querySelector('line.predicted')).toBeNull();
    const legend = shadowAll(el, '.legend li').map((li) => li.textContent ?? '');
    expect(legend[0]).toMatch(/ρ = 1\.02 predicted, 1\.02 measured/);
    expect(legend[2]).toMatch(/no predicted rate: Adam normalizes the gradient/);
    // It fills its container, and every export button is there.
    expect(shadow(el, 'svg[aria-roledescription]').getBoundingClientRect().width).toBe(520);
    expect(shadowAll(el, '.export button').map((b) => b.textContent)).toEqual(['PNG', 'SVG', 'CSV', 'JSON']);
    expect(shadow(el, 'svg[aria-roledescription]').getAttribute('aria-label')).toMatch(/simgda \(η = 0\.2\): predicted rate 1\.02/);
    // The SVG file keeps the dashes of the predictions without the element's style sheet.
    const file = new DOMParser().parseFromString(svgMarkup(shadow(el, 'svg[aria-roledescription]')), 'image/svg+xml');
    expect(file.querySelectorAll('line[style*="stroke-dasharray:9px"]')).toHaveLength(2);
  });

  it('moves a cursor along t with the keyboard, reads the values there and tells the page', async () => {
    const el = await mount<NormPlot>('saddle-norm-plot', { optimizers: 'eg', lr: '0.3', steps: '50' });
    const moves = events<{ step: number }>('saddle-cursor');
    shadow<SVGSVGElement>(el, 'svg[aria-roledescription]').focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    await settled(el);
    expect(el.cursor).toBe(3);
    const norm = el.data!.series[0].norms[3];
    expect(shadow(el, '.readout').textContent).toContain(`step 3: eg ${Number(norm.toPrecision(3))}`);
    expect(shadowAll(el, '.cursor line')).toHaveLength(1);
    await userEvent.keyboard('{End}');
    await settled(el);
    expect(el.cursor).toBe(50);
    moves.stop();
    expect(moves.details.map((d) => d.step)).toEqual([1, 2, 3, 50]);
  });

  it('re-renders when an attribute changes', async () => {
    const el = await mount<NormPlot>('saddle-norm-plot', { optimizers: 'simgda,eg', steps: '40' });
    el.setAttribute('optimizers', 'ogda');
    el.setAttribute('game', 'dirac');
    el.setAttribute('params', '{"reg":"r1","gamma":0.5}');
    await drawn(el);
    expect(el.data!.series.map((s) => s.name)).toEqual(['ogda']);
    expect(el.data!.series[0].norms).toHaveLength(41);
    expect(el.data!.equilibrium).toEqual([0, 0]);
    expect(shadowAll(el, 'g.series')).toHaveLength(1);
  });

  it('follows a phase plot: draws its runs, and again after each change there', async () => {
    const plot = await mount<PhasePlot>('saddle-phase-plot', { id: 'linked-norm', optimizers: 'simgda,eg', lr: '0.25', steps: '80', init: '1,1' });
    const el = await mount<NormPlot>('saddle-norm-plot', { for: 'linked-norm' });
    expect(el.data!.series.map((s) => s.label)).toEqual(plot.trajectories.map((t) => t.label));
    expect(el.data!.series[1].norms[0]).toBeCloseTo(Math.SQRT2, 12);
    // The person moves the phase plot's start point with the keyboard: the norm plot starts from there too.
    shadow<SVGSVGElement>(plot, 'svg').focus();
    await userEvent.keyboard('{ArrowLeft}');
    await settled(plot);
    await settled(el);
    const [x, y] = plot.init!.split(',').map(Number);
    expect(x).not.toBe(1);
    expect(el.data!.series[1].norms[0]).toBeCloseTo(Math.hypot(x, y), 12);
    plot.setAttribute('lr', '0.5');
    await settled(plot);
    await settled(el);
    expect(el.data!.series[1].label).toBe('eg (η = 0.5)');
  });

  it('says at once that its `for` names nothing when it is added after the page has loaded, and follows the plot that comes later', async () => {
    expect(document.readyState).toBe('complete');
    // kit/follow.ts reports the missing id synchronously (no element-side check: this fails if follow() stays silent).
    const problems: (string | undefined)[] = [];
    const stop = follow(document.body, 'not-yet', () => {}, { onProblem: (p) => problems.push(p) });
    expect(problems).toEqual(['for: no element with id "not-yet" on this page (expected the id of a <saddle-phase-plot>)']);
    stop();

    const el = await mount<NormPlot>('saddle-norm-plot', { for: 'comes-later' });
    expect(shadow(el, '.message[role="alert"]').textContent).toMatch(/^for: no element with id "comes-later" on this page/);
    expect(el.data).toBeUndefined();
    const plot = await mount<PhasePlot>('saddle-phase-plot', { id: 'comes-later', optimizers: 'eg', steps: '30', init: '1,0' });
    await drawn(el, 'g.series');
    expect(shadowAll(el, '.message')).toHaveLength(0);
    expect(el.data!.series.map((s) => s.label)).toEqual(plot.trajectories.map((t) => t.label));
  });

  it('shows a readable message inside the element for each bad attribute, and recovers when it is fixed', async () => {
    const el = await mount<NormPlot>('saddle-norm-plot', { optimizers: 'eg', steps: '30' });
    const cases: [attribute: string, value: string, says: RegExp][] = [
      ['game', 'nope', /unknown game "nope"/],
      ['optimizers', 'eg,warp', /unknown optimizer "warp"/],
      ['steps', 'many', /^steps: expected a whole number/],
      ['lr', '-1', /^lr: expected 1 or 2 positive numbers/],
      ['for', 'nowhere', /^for: no element with id "nowhere"/],
    ];
    for (const [attribute, value, says] of cases) {
      const good = el.getAttribute(attribute);
      el.setAttribute(attribute, value);
      await drawn(el);
      const message = shadow(el, '.message[role="alert"]');
      expect(message.textContent, `${attribute}="${value}"`).toMatch(says);
      expect(message.textContent).not.toMatch(/internal error|NaN|undefined/);
      expect(message.getBoundingClientRect().height).toBeGreaterThan(0);
      expect(el.data).toBeUndefined();
      if (good === null) el.removeAttribute(attribute);
      else el.setAttribute(attribute, good);
      await drawn(el);
      expect(shadowAll(el, '.message')).toHaveLength(0);
      expect(el.data!.series).toHaveLength(1);
    }
  });
});
