/**
 * The matrix-game element draws src/matrix-games' numbers: the plotted equilibria are equilibria (max regret ≤ 1e-9
 * × the payoff scale), the runs are `learn`'s, the replicator conserves KL(x*‖x) + KL(y*‖y) in matching pennies
 * while MWU increases it, the barycentric map is a bijection of Δ₃ onto the triangle, and a bad payoff names its
 * entry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldArrows } from '../../components/field-arrows.ts';
import {
  equilibriaOf,
  formatInit,
  fromTriangle,
  PRESETS,
  projectToSimplex,
  readInit,
  readMatrixAttributes,
  runDynamics,
  squareReplicator,
  toTriangle,
  type MatrixAttributes,
} from '../../components/matrix-game-model.ts';
import { InputError } from '../../src/errors.ts';
import { bimatrixGame, createLearning, learn, maxRegret, payoffScale, replicatorGame } from '../../src/matrix-games/index.ts';
import { generalGame, mixed } from '../src/matrix-games/arbitraries.ts';

const SQRT3_2 = Math.sqrt(3) / 2;
/** (u, v) inside the triangle (0,0), (1,0), (½, √3/2) by the half-plane tests. */
const insideTriangle = ([u, v]: [number, number], tol = 1e-12) => v >= -tol && SQRT3_2 * u - v / 2 >= -tol && SQRT3_2 * (1 - u) - v / 2 >= -tol;

describe('the simplex Δ₃ and its triangle', () => {
  it('toTriangle maps Δ₃ into the triangle and fromTriangle inverts it', () => {
    fc.assert(
      fc.property(mixed(3), (p) => {
        const q = toTriangle(p);
        expect(insideTriangle(q)).toBe(true);
        fromTriangle(q).forEach((v, i) => expect(v).toBeCloseTo(p[i], 12));
      }),
    );
  });

  it('every point of the triangle comes from exactly one p ∈ Δ₃ (onto and one-to-one)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: SQRT3_2, noNaN: true }), (u, v) => {
        fc.pre(insideTriangle([u, v], 0));
        const p = fromTriangle([u, v]);
        for (const x of p) expect(x).toBeGreaterThanOrEqual(-1e-12);
        expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
        const back = toTriangle(p);
        expect(back[0]).toBeCloseTo(u, 12);
        expect(back[1]).toBeCloseTo(v, 12);
      }),
    );
  });

  it('projectToSimplex lands on Δ₃, fixes its points, and is nearest (no vertex of Δ₃ is closer than the projection)', () => {
    const dist = (a: number[], b: number[]) => Math.hypot(...a.map((x, i) => x - b[i]));
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }), mixed(3), (v, p) => {
        const q = projectToSimplex(v);
        for (const x of q) expect(x).toBeGreaterThanOrEqual(0);
        expect(q.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
        projectToSimplex(p).forEach((x, i) => expect(x).toBeCloseTo(p[i], 12));
        // The projection is the closest point of the convex set: no point of Δ₃ is closer.
        expect(dist(q, v)).toBeLessThanOrEqual(dist(p, v) + 1e-12);
      }),
    );
  });
});

describe('equilibria and runs', () => {
  it('every plotted equilibrium of a random 2×2 or 3×3 game has max regret ≤ 1e-9 × the payoff scale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((n) => generalGame(n, n)),
        (g) => {
          const spec = readMatrixAttributes({ a: JSON.stringify(g.A), b: JSON.stringify(g.B) });
          const { equilibria } = equilibriaOf(spec.game);
          expect(equilibria.length).toBeGreaterThan(0);
          for (const e of equilibria) expect(maxRegret(spec.game, e.row, e.col)).toBeLessThanOrEqual(1e-9 * payoffScale(spec.game));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the runs are src’s learn() from the start, with the lr attribute as MWU’s η and the replicator’s dt', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.5, noNaN: true }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (lr, x, y) => {
        const spec = readMatrixAttributes({ payoff: 'matching-pennies', dynamics: 'mwu,replicator', lr: String(lr), steps: '30', init: `${x},${y}` });
        const runs = runDynamics(spec, equilibriaOf(spec.game).equilibria);
        const mwu = learn(spec.game, createLearning('mwu', spec.game, 1, { lr }), [x, 1 - x], [y, 1 - y], { steps: 30, every: 1 });
        const rep = learn(spec.game, createLearning('replicator', spec.game, 1, { dt: lr }), [x, 1 - x], [y, 1 - y], { steps: 30, every: 1 });
        expect(runs[0].frames).toEqual(mwu.trajectory);
        expect(runs[1].frames).toEqual(rep.trajectory);
      }),
      { numRuns: 20 },
    );
  });

  // At dt = 0.2 a start near the boundary moves the draft by up to ~2e-3 (draftOptions says so): the claim is for dt ≤ 0.1.
  it('a drag’s draft runs (rk4 for the replicator) lie within 1e-3 (half a pixel of the 520-px square) of the accurate runs at dt ≤ 0.1, with their labels; the discrete dynamics are the same', () => {
    const presets = Object.keys(PRESETS) as (keyof typeof PRESETS)[];
    fc.assert(
      fc.property(fc.constantFrom(...presets), mixed(3), mixed(3), fc.constantFrom('0.05', '0.1'), (payoff, p, q, lr) => {
        const square = PRESETS[payoff].A.length === 2;
        const init = square ? `${p[0]},${q[0]}` : `${p.join(',')};${q.join(',')}`;
        const spec = readMatrixAttributes({ payoff, dynamics: 'replicator,mwu,omwu,fictitious,regret-matching', steps: '400', init, lr });
        const equilibria = equilibriaOf(spec.game).equilibria;
        const accurate = runDynamics(spec, equilibria);
        const draft = runDynamics(spec, equilibria, spec.x0, spec.y0, { draft: true });
        expect(draft.map((r) => r.label)).toEqual(accurate.map((r) => r.label));
        expect(draft.every((r) => r.draft === true) && accurate.every((r) => r.draft === undefined)).toBe(true);
        expect(draft[0].result.label).toMatch(/^replicator, rk4/);
        draft.forEach((r, i) => {
          const a = accurate[i];
          expect(r.frames).toHaveLength(a.frames.length);
          if (r.name !== 'replicator') expect(r.frames).toEqual(a.frames);
          r.frames.forEach((f, k) => {
            for (const [u, v] of [...f.x.map((x, j) => [x, a.frames[k].x[j]]), ...f.y.map((y, j) => [y, a.frames[k].y[j]])]) expect(Math.abs(u - v)).toBeLessThan(1e-3);
          });
        });
      }),
      { numRuns: 8 },
    );
    // An integrator the page chose is kept in a draft too.
    const spec = readMatrixAttributes({ payoff: 'matching-pennies', dynamics: 'replicator', steps: '20', opts: '{"replicator":{"integrator":"euler"}}' });
    const [run] = runDynamics(spec, [], spec.x0, spec.y0, { draft: true });
    expect(run.frames).toEqual(runDynamics(spec, [])[0].frames);
  });

  it('matching pennies: replicator keeps H = KL(x*‖x) + KL(y*‖y) (to 1e-5) while MWU increases it at every step', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), (x, y) => {
        fc.pre(Math.abs(x - 0.5) + Math.abs(y - 0.5) > 1e-3);
        const spec = readMatrixAttributes({ payoff: 'matching-pennies', dynamics: 'replicator,mwu', steps: '200', init: `${x},${y}` });
        const [rep, mwu] = runDynamics(spec, equilibriaOf(spec.game).equilibria);
        const h0 = rep.divergence![0];
        for (const h of rep.divergence!) expect(Math.abs(h - h0)).toBeLessThanOrEqual(1e-5 * Math.max(1, h0));
        mwu.divergence!.forEach((h, i, all) => i > 0 && expect(h).toBeGreaterThan(all[i - 1]));
      }),
      { numRuns: 15 },
    );
  });

  it('the arrows in the square point along (ẋ₁, ẏ₁) of src’s replicator dynamics', () => {
    fc.assert(
      fc.property(generalGame(2, 2), (g) => {
        const arrows = fieldArrows(squareReplicator(g), { xmin: 0, xmax: 1, ymin: 0, ymax: 1 }, { columns: 5, rows: 5 });
        const full = replicatorGame(g);
        for (const a of arrows) {
          const z = [Float64Array.of(a.x, 1 - a.x), Float64Array.of(a.y, 1 - a.y)];
          const xi = [new Float64Array(2), new Float64Array(2)];
          full.field(z, xi, 1);
          // Same direction: the cross product vanishes and the dot product is ≥ 0 (−ξ is the motion).
          const [mx, my] = [-xi[0][0], -xi[1][0]];
          const scale = Math.hypot(mx, my) * Math.hypot(a.dx, a.dy);
          expect(Math.abs(a.dx * my - a.dy * mx)).toBeLessThanOrEqual(1e-9 * Math.max(scale, 1e-300));
          expect(a.dx * mx + a.dy * my).toBeGreaterThanOrEqual(-1e-12);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('presets are the games they name', () => {
    const rps = readMatrixAttributes({ payoff: 'rock-paper-scissors' });
    expect(rps.game.zeroSum).toBe(true);
    expect(equilibriaOf(rps.game).equilibria.map((e) => e.row)).toEqual([[1 / 3, 1 / 3, 1 / 3]]);
    const pd = readMatrixAttributes({ payoff: 'prisoners-dilemma' });
    expect(equilibriaOf(pd.game).equilibria.map((e) => [e.row, e.col])).toEqual([[[0, 1], [0, 1]]]); // both defect
    expect(equilibriaOf(readMatrixAttributes({ payoff: 'coordination' }).game).equilibria).toHaveLength(3);
    for (const name of Object.keys(PRESETS)) expect(readMatrixAttributes({ payoff: name }).preset).toBe(name);
  });
});

describe('attributes', () => {
  it('init: formatInit and readInit are inverse up to rounding to 1/1000, and the result sums to 1', () => {
    const g2 = bimatrixGame([[1, 0], [0, 1]]);
    const g3 = bimatrixGame([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    fc.assert(
      fc.property(fc.boolean().chain((three) => fc.tuple(fc.constant(three), mixed(three ? 3 : 2), mixed(three ? 3 : 2))), ([three, x, y]) => {
        const g = three ? g3 : g2;
        const [x2, y2] = readInit(formatInit(g, x, y), g);
        x2.forEach((v, i) => expect(Math.abs(v - x[i])).toBeLessThanOrEqual(1.5e-3));
        y2.forEach((v, i) => expect(Math.abs(v - y[i])).toBeLessThanOrEqual(1.5e-3));
        expect(x2.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('names the bad attribute, and the bad entry of a matrix, in one line', () => {
    const cases: [MatrixAttributes, RegExp][] = [
      [{ payoff: '[[1,-1],[-1,"one"]]' }, /^payoff: entry \[1\]\[1\] is "one", not a finite number/],
      [{ payoff: '[[1,-1],[-1]]' }, /^payoff: row 1 has 1 entries; row 0 has 2/],
      [{ payoff: '[[1,2' }, /^payoff: not valid JSON/],
      [{ a: '[[1,0],[0,1]]', b: '[[1,0],[0,null]]' }, /^b: entry \[1\]\[1\] is null/],
      [{ b: '[[1,0],[0,1]]' }, /^a: missing/],
      [{ payoff: 'matching-pennies', a: '[[1]]' }, /^payoff: give either payoff/],
      [{ payoff: '[[1,2,3],[4,5,6]]' }, /^payoff: is 2×3: the element draws 2×2 games/],
      [{ payoff: 'chicken' }, /^payoff: unknown game "chicken"/],
      [{ dynamics: 'mwu,gda' }, /^dynamics: unknown dynamics "gda"/],
      [{ dynamics: 'mwu,mwu' }, /^dynamics: "mwu" is listed twice/],
      [{ lr: '0' }, /^lr: expected a positive number/],
      [{ steps: '1e9' }, /^steps: expected a whole number/],
      [{ init: '1.5,0.5' }, /^init: x = 1.5 is a probability/],
      [{ payoff: 'rock-paper-scissors', init: '0.5,0.5' }, /^init: expected "x₁,x₂,x₃;y₁,y₂,y₃"/],
      [{ payoff: 'rock-paper-scissors', init: '0.5,0.5,0.5;0.2,0.3,0.5' }, /^init \(row player\): entries sum to 1.5/],
      [{ dynamics: 'replicator', opts: '{"replicator":{"integrator":"magic"}}' }, /^dynamics replicator, option integrator/],
      [{ opts: '{"fictitious":{}}' }, /^opts: "fictitious" is not one of the plotted dynamics/],
    ];
    for (const [attrs, message] of cases) {
      let m = '';
      try {
        readMatrixAttributes(attrs);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        m = (e as Error).message;
      }
      expect(m, JSON.stringify(attrs)).toMatch(message);
      expect(m).not.toContain('\n');
    }
  });
});
