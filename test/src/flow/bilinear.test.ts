import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dormandPrince, gradientFlowTerm, integrate } from '../../../src/flow/index.ts';
import { packPoints, pointAt } from '../../../src/game.ts';
import { bilinear } from '../../../src/games/bilinear.ts';
import { coupling, fewRuns, near, norm2, oneStep, run, runs, start2, step } from './util.ts';

// On x·y (ξ = (a·y, −a·x)) the flow ż = −ξ(z) is a rotation; every integrator here is a linear map whose matrix is a
// polynomial or rational function of the skew matrix hA, so ‖z′‖ = |R(i·h·a)|·‖z‖ exactly, R the stability function.

describe('explicit Euler on x·y', () => {
  it('is simultaneous GDA with η = h, bit for bit: z′ = z − h·ξ(z)', () => {
    fc.assert(
      fc.property(start2, step, coupling, ([x, y], h, a) => {
        const got = oneStep('euler', bilinear({ a }), [x, y], h);
        const gx = a * y;
        const gy = -a * x;
        expect(got).toEqual([x - h * gx, y - h * gy]);
      }),
      runs,
    );
  });

  it('multiplies ‖z‖ by exactly √(1 + h²a²) per step', () => {
    fc.assert(
      fc.property(start2, step, coupling, (z, h, a) => {
        const got = oneStep('euler', bilinear({ a }), z, h);
        expect(near(norm2(got) / norm2(z), 1 + h * h * a * a, 1e-14)).toBe(true);
      }),
      runs,
    );
  });
});

describe('implicit Euler on x·y', () => {
  it('contracts ‖z‖ by exactly 1/√(1 + h²a²) per step', () => {
    fc.assert(
      fc.property(start2, step, coupling, (z, h, a) => {
        const got = oneStep('implicit-euler', bilinear({ a }), z, h);
        expect(near(norm2(got) / norm2(z), 1 / (1 + h * h * a * a), 1e-13)).toBe(true);
      }),
      runs,
    );
  });

  it('solves z′ = z − h·ξ(z′)', () => {
    fc.assert(
      fc.property(start2, step, coupling, ([x, y], h, a) => {
        const [x1, y1] = oneStep('implicit-euler', bilinear({ a }), [x, y], h);
        const scale = Math.hypot(x, y);
        expect(near(x1, x - h * a * y1, 1e-13, scale)).toBe(true);
        expect(near(y1, y + h * a * x1, 1e-13, scale)).toBe(true);
      }),
      runs,
    );
  });
});

describe('implicit midpoint on x·y', () => {
  it('conserves ‖z‖ exactly (1e-12 relative after 20 steps)', () => {
    fc.assert(
      fc.property(start2, step, coupling, (z, h, a) => {
        const { points } = run('implicit-midpoint', {}, bilinear({ a }), [z], h, 20);
        expect(near(norm2(points[0]), norm2(z), 1e-12)).toBe(true);
      }),
      runs,
    );
  });

  it('is time-reversible: a step with −h undoes a step with h', () => {
    fc.assert(
      fc.property(start2, step, coupling, (z, h, a) => {
        const game = bilinear({ a });
        const back = oneStep('implicit-midpoint', game, oneStep('implicit-midpoint', game, z, h), -h);
        const scale = Math.sqrt(norm2(z));
        back.forEach((v, i) => expect(near(v, z[i], 1e-13, scale)).toBe(true));
      }),
      runs,
    );
  });
});

describe('RK4 on x·y', () => {
  it('multiplies ‖z‖² by |R(iha)|² = 1 − (ha)⁶/72 + (ha)⁸/576 per step', () => {
    fc.assert(
      fc.property(start2, step, coupling, (z, h, a) => {
        const g = h * a;
        const got = oneStep('rk4', bilinear({ a }), z, h);
        expect(near(norm2(got) / norm2(z), 1 - g ** 6 / 72 + g ** 8 / 576, 1e-13)).toBe(true);
      }),
      runs,
    );
  });
});

describe('leapfrog (Störmer–Verlet) on x·y', () => {
  /** The conserved quadratic form of the Störmer–Verlet map on x·y, derived in src/flow/leapfrog.ts. */
  const energy = ([x, y]: readonly number[], g: number) => x * x + (1 - (g * g) / 4) * y * y;
  const stable = fc.double({ min: 0.01, max: 1.95, noNaN: true });

  it('is the map x½ = x − (g/2)·y, y′ = y + g·x½, x′ = x½ − (g/2)·y′ with g = h·a', () => {
    fc.assert(
      fc.property(start2, step, coupling, ([x, y], h, a) => {
        const g = h * a;
        const xh = x - (g / 2) * y;
        const y1 = y + g * xh;
        const x1 = xh - (g / 2) * y1;
        const got = oneStep('leapfrog', bilinear({ a }), [x, y], h);
        const scale = Math.hypot(x, y);
        expect(near(got[0], x1, 1e-14, scale) && near(got[1], y1, 1e-14, scale)).toBe(true);
      }),
      runs,
    );
  });

  it('conserves Q = x² + (1 − h²a²/4)·y² exactly (1e-12 relative to ‖z₀‖², 200 steps) for |h·a| < 2', () => {
    fc.assert(
      fc.property(start2, stable, coupling, (z, g, a) => {
        const h = g / Math.abs(a);
        const { points } = run('leapfrog', {}, bilinear({ a }), [z], h, 200);
        expect(near(energy(points[0], g), energy(z, g), 1e-12, norm2(z))).toBe(true);
      }),
      runs,
    );
  });

  it('keeps every orbit bounded for |h·a| < 2: ‖z_k‖² ≤ Q(z₀)/(1 − h²a²/4)', () => {
    fc.assert(
      fc.property(start2, stable, coupling, (z, g, a) => {
        const flow = integrate('leapfrog', {}, bilinear({ a }), 1, g / Math.abs(a));
        const p = packPoints(bilinear({ a }), [z]);
        const bound = (energy(z, g) / (1 - (g * g) / 4)) * (1 + 1e-9);
        for (let k = 0; k < 500; k++) {
          flow.step(p);
          if (p[0][0] ** 2 + p[1][0] ** 2 > bound) return false;
        }
        return true;
      }),
      fewRuns,
    );
  });

  it('blows up for |h·a| > 2 (the map has a real eigenvalue below −1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 2.05, max: 3, noNaN: true }), coupling, (g, a) => {
        const { points } = run('leapfrog', {}, bilinear({ a }), [[1, 0]], g / Math.abs(a), 100);
        expect(norm2(points[0])).toBeGreaterThan(1e6);
      }),
      fewRuns,
    );
  });

  it('is time-reversible: a step with −h undoes a step with h', () => {
    fc.assert(
      fc.property(start2, step, coupling, (z, h, a) => {
        const game = bilinear({ a });
        const back = oneStep('leapfrog', game, oneStep('leapfrog', game, z, h), -h);
        const scale = Math.sqrt(norm2(z));
        back.forEach((v, i) => expect(near(v, z[i], 1e-14, scale)).toBe(true));
      }),
      runs,
    );
  });
});

describe('Dormand–Prince 5(4) solver, one step', () => {
  /** R(w) = Σ_{j≤5} wʲ/j! + w⁶/600 at w = i·y, as (re, im). */
  const stability = (y: number): [number, number] => {
    const coef = [1, 1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 600];
    let re = 0;
    let im = 0;
    coef.forEach((c, j) => {
      const p = c * y ** j; // i^j·yʲ
      if (j % 4 === 0) re += p;
      else if (j % 4 === 1) im += p;
      else if (j % 4 === 2) re -= p;
      else im -= p;
    });
    return [re, im];
  };

  it('has the stability function R(w) = Σ_{j≤5} wʲ/j! + w⁶/600 on x·y: ‖z′‖² = |R(iha)|²·‖z‖²', () => {
    fc.assert(
      fc.property(start2, step, coupling, (z, h, a) => {
        const game = bilinear({ a });
        const term = gradientFlowTerm(game, 1);
        const out = term.alloc();
        dormandPrince.create(term).step(packPoints(game, [z]), h, out);
        const [re, im] = stability(h * a);
        expect(near(norm2(pointAt(game, out, 1, 0)) / norm2(z), re * re + im * im, 1e-13)).toBe(true);
      }),
      runs,
    );
  });
});
