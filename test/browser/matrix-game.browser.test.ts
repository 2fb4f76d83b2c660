/**
 * `<saddle-matrix-game>` in Chromium: the trajectories drawn are src's learn() runs in the square's scales, the
 * equilibria are marked, the replicator's conserved H is shown; dragging or the arrow keys move the start (in the
 * square, or in one player's triangle) and tell the page; attribute changes re-render; a bad payoff names its entry.
 *
 *   npx vitest run --project browser test/browser/matrix-game.browser.test.ts
 */
import { userEvent } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import '../../components/matrix-game.ts';
import type { MatrixGame } from '../../components/matrix-game.ts';
import { bimatrixGame, createLearning, learn, maxRegret } from '../../src/matrix-games/index.ts';
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

describe('<saddle-matrix-game> in Chromium', () => {
  it('matching pennies: each trajectory is learn()’s run in the square, the equilibrium is marked, H is shown', async () => {
    const el = await mount<MatrixGame>('saddle-matrix-game', { payoff: 'matching-pennies', dynamics: 'replicator,mwu', lr: '0.1', steps: '200', init: '0.8,0.4' }, READY);
    const game = bimatrixGame([[1, -1], [-1, 1]]);
    const box = shadow(el, 'rect.area').getBoundingClientRect();
    const toData = ([px, py]: [number, number]) => [(px - box.left) / box.width, (box.bottom - py) / box.height];
    const lines = shadowAll<SVGPathElement>(el, '.trajectory .line');
    expect(lines).toHaveLength(2);
    el.runs.forEach((run, i) => {
      const expected = learn(game, createLearning(run.name, game, 1, run.name === 'mwu' ? { lr: 0.1 } : { dt: 0.1 }), [0.8, 1 - 0.8], [0.4, 1 - 0.4], { steps: 200, every: 1 });
      expect(run.frames).toEqual(expected.trajectory);
      // The corners are iterates in order, from the first to the last; an iterate left out lies within half a pixel
      // (a step of 0.5 px in the 520-px square is ~0.001) of the corner before it.
      const corners = vertices(lines[i]).map(toData);
      expect(corners.length).toBeGreaterThan(20);
      let c = 0;
      run.frames.forEach((f, k) => {
        const near = (p: number[]) => Math.abs(p[0] - f.x[0]) < 0.005 && Math.abs(p[1] - f.y[0]) < 0.005;
        if (c + 1 < corners.length && near(corners[c + 1])) c++;
        else expect(near(corners[c]), `frame ${k} is neither the next corner nor near corner ${c}`).toBe(true);
      });
      expect(c).toBe(corners.length - 1);
      expect(corners.length).toBeLessThanOrEqual(201);
    });
    expect(el.equilibria).toHaveLength(1);
    expect(maxRegret(game, el.equilibria[0].row, el.equilibria[0].col)).toBeLessThanOrEqual(1e-9);
    const [ex, ey] = toData(((r) => [r.left + r.width / 2, r.top + r.height / 2] as [number, number])(shadow(el, '.equilibrium').getBoundingClientRect()));
    expect(ex).toBeCloseTo(0.5, 2);
    expect(ey).toBeCloseTo(0.5, 2);
    // H readout: the replicator's stays put, MWU's grows.
    const conserved = shadowAll(el, '.conserved').map((s) => s.textContent!);
    expect(conserved).toHaveLength(2);
    // Conserved: the same 4 digits at both ends (and no "e+0" anywhere: MWU's change is written plainly).
    expect(conserved[0]).toMatch(/^H: (0\.24\d\d) → \1 \(largest change \d\.\de-\d+\)$/);
    expect(conserved[1]).toMatch(/^H: 0\.24\d\d → \d\.\d+ \(largest change \d\.\d+\)$/);
    const h = el.runs[1].divergence!;
    expect(h[h.length - 1]).toBeGreaterThan(h[0]);
    expect(shadowAll(el, '.arrows path').length).toBeGreaterThanOrEqual(64);
    expect(shadow(el, 'svg.chart').getBoundingClientRect().width).toBe(520);
  });

  it('a drag in the square moves the start, recomputes the runs and tells the page; arrow keys step it', async () => {
    const el = await mount<MatrixGame>('saddle-matrix-game', { payoff: 'matching-pennies', dynamics: 'mwu,replicator', steps: '50', init: '0.8,0.4' }, READY);
    const changes = events<{ init: { x: number[]; y: number[] } }>('saddle-change');
    const drafts: boolean[] = [];
    el.addEventListener('saddle-change', () => drafts.push(el.runs[1].draft === true));
    await drag(shadow(el, '.handle .ring'), shadow(el, 'rect.area'), 0.25, 0.25, 6);
    await drawn(el, 'svg.chart');
    const [x, y] = el.getAttribute('init')!.split(',').map(Number);
    expect(x).toBeCloseTo(0.25, 1);
    expect(y).toBeCloseTo(0.75, 1);
    expect(el.runs[0].frames[0]).toEqual({ step: 0, x: [x, 1 - x], y: [y, 1 - y] });
    // While the pointer moved the replicator ran as a draft (rk4); once released, it is the accurate rk45 run again.
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(drafts.slice(0, -1).every((d) => d)).toBe(true);
    expect(el.runs.some((r) => r.draft)).toBe(false);
    const game = bimatrixGame([[1, -1], [-1, 1]]);
    expect(el.runs[1].frames).toEqual(learn(game, createLearning('replicator', game, 1, {}), [x, 1 - x], [y, 1 - y], { steps: 50, every: 1 }).trajectory);
    expect(shadowAll(el, '.legend .label')[1].textContent).toBe('replicator, rk45 (dt = 0.1)');
    expect(changes.details.length).toBeGreaterThanOrEqual(2);
    expect(changes.details[changes.details.length - 1].init.x[0]).toBe(x);
    await userEvent.keyboard('{ArrowRight}{ArrowUp}');
    await drawn(el, 'svg.chart');
    changes.stop();
    const [x2, y2] = el.getAttribute('init')!.split(',').map(Number);
    expect(x2).toBeCloseTo(x + 0.02, 9);
    expect(y2).toBeCloseTo(y + 0.02, 9);
  });

  it('rock–paper–scissors on two triangles: a drag in the column player’s moves y only, on the simplex', async () => {
    const el = await mount<MatrixGame>('saddle-matrix-game', { payoff: 'rock-paper-scissors', dynamics: 'replicator,fictitious', steps: '100' }, READY);
    expect(shadowAll(el, 'g.simplex')).toHaveLength(2);
    expect(shadowAll(el, '.equilibrium')).toHaveLength(2); // x* in one triangle, y* in the other
    const before = el.getAttribute('init') ?? '0.6,0.3,0.1;0.2,0.3,0.5';
    const right = shadow(el, 'g.simplex[data-player="1"] path.area');
    await drag(shadow(el, 'g.simplex[data-player="1"] .handle .ring'), right, 0.5, 0.2, 5);
    await drawn(el, 'svg.chart');
    const [xs, ys] = el.getAttribute('init')!.split(';').map((s) => s.split(',').map(Number));
    expect(xs).toEqual(before.split(';')[0].split(',').map(Number));
    expect(ys.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(ys[2]).toBeGreaterThan(0.6); // near the top vertex: scissors
    for (const run of el.runs) for (const f of run.frames) expect(Math.abs(f.y.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
    // The keyboard: ↑ in the row player's triangle moves x towards the top vertex (scissors), y stays.
    shadow<SVGGElement>(el, 'g.simplex[data-player="0"]').focus();
    const x3 = xs[2];
    await userEvent.keyboard('{ArrowUp}');
    await drawn(el, 'svg.chart');
    const [xs2, ys2] = el.getAttribute('init')!.split(';').map((s) => s.split(',').map(Number));
    expect(xs2[2]).toBeGreaterThan(x3);
    expect(ys2).toEqual(ys);
  });

  it('offers PNG, SVG, CSV and JSON export as labelled buttons', async () => {
    const el = await mount<MatrixGame>('saddle-matrix-game', { payoff: 'matching-pennies' }, READY);
    expect(shadowAll(el, '.export button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Save the plot as a PNG image',
      'Save the plot as an SVG file',
      'Save the data as CSV',
      'Save the data as JSON',
    ]);
  });

  it('re-renders on a new payoff; a bad one is a message naming the entry', async () => {
    const el = await mount<MatrixGame>('saddle-matrix-game', { payoff: 'matching-pennies' }, READY);
    el.setAttribute('payoff', 'coordination');
    await drawn(el, 'svg.chart');
    expect(shadowAll(el, '.equilibrium')).toHaveLength(3);
    el.setAttribute('payoff', '[[1,-1],[-1,"x"]]');
    await drawn(el, 'svg.chart');
    expect(shadow(el, '.message[role="alert"]').textContent).toContain('payoff: entry [1][1] is "x", not a finite number');
    expect(shadowAll(el, 'svg.chart')).toHaveLength(0);
    el.removeAttribute('payoff');
    el.setAttribute('a', '[[3,0],[5,1]]');
    el.setAttribute('b', '[[3,5],[0]]');
    await drawn(el, 'svg.chart');
    expect(shadow(el, '.message[role="alert"]').textContent).toContain('b: row 1 has 1 entries');
  });
});
