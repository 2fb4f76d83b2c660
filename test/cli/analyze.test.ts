/**
 * `saddle analyze`, in-process: the documented --json shape, numbers that agree with the closed forms of
 * ../shared/REFERENCES.md, the flags shared with `saddle run`, a readable table, and one-line errors for bad input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saddle, saddleJson } from './harness.ts';

interface Equilibrium {
  point: number[];
  eigenvalues: { re: number; im: number }[];
  kind: string;
  localNash: boolean;
  localMinimax?: boolean;
  subspace?: { dimension: number; basis: number[][] };
  spectralRadius?: number;
  stableLr?: [number, number | 'Infinity'];
  stableLrIntervals?: [number, number | 'Infinity'][];
}
const analyze = (...argv: string[]) => saddleJson<{ equilibria: Equilibrium[] }>(['analyze', ...argv, '--json']);
const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('saddle analyze --json', () => {
  it('prints exactly one JSON object {"equilibria": [...]}, each entry with point, eigenvalues [{re, im}], kind and localNash; x·y by default', async () => {
    const r = await saddle(['analyze', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as { equilibria: Equilibrium[] };
    expect(Object.keys(out)).toEqual(['equilibria']);
    expect(out.equilibria).toEqual([{ point: [0, 0], eigenvalues: [{ re: 0, im: 1 }, { re: 0, im: -1 }], kind: 'center', localNash: true }]);
  });

  it('with an optimizer adds spectralRadius at --lr and stableLr: extragradient on x·y has ρ = √(1 − η² + η⁴) and stableLr (0, 1) for every η', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.01, max: 2, noNaN: true }), async (eta) => {
        const [eq] = (await analyze('--optimizer', 'eg', '--lr', String(eta))).equilibria;
        expect(Object.keys(eq).sort()).toEqual(['eigenvalues', 'kind', 'localNash', 'point', 'spectralRadius', 'stableLr']);
        expect(close(eq.spectralRadius!, Math.sqrt(1 - eta * eta + eta ** 4))).toBe(true);
        expect(eq.stableLr![0]).toBe(0);
        expect(close(eq.stableLr![1] as number, 1)).toBe(true);
      }),
      { numRuns: 3 },
    );
  });

  it('says "none" with stableLrIntervals: [] (simultaneous GDA on x·y, ρ = √(1 + η²)), and "Infinity" for an unbounded interval (the proximal point method)', async () => {
    const [sim] = (await analyze('--optimizer', 'simgda', '--lr', '0.3')).equilibria;
    expect(sim.stableLr).toBeUndefined();
    expect(sim.stableLrIntervals).toEqual([]);
    expect(close(sim.spectralRadius!, Math.sqrt(1.09))).toBe(true);
    const [prox] = (await analyze('--optimizer', 'proximal', '--lr', '3')).equilibria;
    expect(prox.stableLr).toEqual([0, 'Infinity']);
    expect(close(prox.spectralRadius!, 1 / Math.sqrt(10))).toBe(true);
  });

  it('--opt reaches the optimizer: consensus with γ on x·y is stable for η ∈ (0, 2γ/(1 + γ²))', async () => {
    const [eq] = (await analyze('--optimizer', 'consensus', '--opt', 'gamma=0.5', '--lr', '0.1')).equilibria;
    expect(close(eq.stableLr![1] as number, 0.8)).toBe(true);
    expect(close(eq.spectralRadius!, Math.hypot(1 - 0.05, 0.1))).toBe(true);
  });

  it('--game and --param: the Dirac-GAN with R1 γ has eigenvalues −γ/2 ± √(γ²/4 − ¼) at (0, 0)', async () => {
    const gamma = 0.3;
    const { equilibria } = await analyze('--game', 'dirac', '--param', 'reg=r1', '--param', `gamma=${gamma}`);
    expect(equilibria).toHaveLength(1);
    expect(equilibria[0].point).toEqual([0, 0]);
    expect(equilibria[0].kind).toBe('stable focus');
    const im = Math.sqrt(0.25 - (gamma * gamma) / 4);
    equilibria[0].eigenvalues.forEach((l, k) => {
      expect(l.re).toBeCloseTo(-gamma / 2, 12);
      expect(l.im).toBeCloseTo(k === 0 ? im : -im, 12);
    });
  });

  it('a non-square matrix game is one entry with its subspace of equilibria, not infinitely many points', async () => {
    const { equilibria } = await analyze('--game', 'matrix', '--param', 'A=[[1,2,0],[0,1,3]]');
    expect(equilibria).toHaveLength(1);
    expect(equilibria[0].subspace?.dimension).toBe(1);
    expect(equilibria[0].kind).toBe('center');
    expect(equilibria[0].eigenvalues.filter((l) => l.re === 0 && l.im === 0)).toHaveLength(1);
  });

  it('reports localMinimax where it differs from localNash: f = −x² + 5xy − y² (the quadratic game a = −2, b = 5, c = 2)', async () => {
    const [eq] = (await analyze('--game', 'quadratic', '--param', 'a=-2', '--param', 'b=5', '--param', 'c=2')).equilibria;
    expect([eq.localNash, eq.localMinimax]).toEqual([false, true]);
  });

  it('a scenario argument gives the game and the box (its domain): the Dirac-GAN with consensus has three equilibria in [−3, 3]² but one in its domain [−2, 2]²', async () => {
    expect((await analyze('dirac-consensus')).equilibria.map((e) => e.point)).toEqual([[0, 0]]);
    expect((await analyze('dirac-consensus', '--box', '-3,3')).equilibria).toHaveLength(3);
  });

  it('--box keeps the search inside it: none for x·y in [1, 2] × [−1, 1]', async () => {
    expect((await analyze('--box', '1,2,-1,1')).equilibria).toEqual([]);
  });
});

describe('saddle analyze without --json', () => {
  it('prints a readable block per equilibrium: its point, eigenvalues, kind, Nash and minimax, ρ and the stable η', async () => {
    const r = await saddle(['analyze', '--optimizer', 'eg', '--lr', '0.5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^game\s+f\(x, y\) = 1·x·y$/m);
    expect(r.stdout).toMatch(/^optimizer\s+eg \(η = 0\.5\)$/m);
    expect(r.stdout).toMatch(/^1 equilibrium/m);
    expect(r.stdout).toMatch(/^ {2}x = 0, y = 0$/m);
    expect(r.stdout).toMatch(/eigenvalues\s+±1i$/m);
    expect(r.stdout).toMatch(/kind\s+center$/m);
    expect(r.stdout).toMatch(/local Nash\s+yes/m);
    expect(r.stdout).toMatch(/local minimax\s+yes/m);
    expect(r.stdout).toMatch(/ρ\s+0\.901388 per step: converges$/m);
    expect(r.stdout).toMatch(/stable η\s+\(0, 1\)$/m);
  });

  it('says so when there is no equilibrium in the box', async () => {
    expect((await saddle(['analyze', '--box', '1,2'])).stdout).toContain('no equilibrium in the box');
  });
});

describe('saddle analyze: bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown game', ['--game', 'chess'], /^saddle: game: unknown game "chess"/],
    ['--lr without --optimizer', ['--lr', '0.1'], /^saddle: --lr: needs --optimizer NAME$/],
    ['--opt without --optimizer', ['--opt', 'beta=0.5'], /^saddle: --opt: needs --optimizer NAME$/],
    ['a box of the wrong length', ['--box', '1,2,3'], /^saddle: --box: expected \[lo, hi\] or \[xmin, xmax, ymin, ymax\]/],
    ['a box that is not numbers', ['--box', 'a,b'], /^saddle: --box: expected a comma-separated list of numbers/],
    ['an empty box', ['--box', '2,1'], /^saddle: --box: coordinate 1: lower end 2 is not below upper end 1/],
    ['Adam, which has no linear update map', ['--optimizer', 'adam'], /^saddle: optimizer adam: has no linear update map: Adam normalizes the gradient/],
    ['uniform averaging', ['--optimizer', 'altgda', '--opt', 'average=uniform'], /^saddle: optimizer altgda: has no linear update map: its step changes with the step count/],
    ['an unknown optimizer', ['--optimizer', 'newton'], /^saddle: optimizer: unknown optimizer "newton"/],
    ['an unknown optimizer option', ['--optimizer', 'eg', '--opt', 'beta=1'], /^saddle: optimizer eg: unknown option "beta"/],
    ['--f with another game', ['--f', 'x*y', '--game', 'bilinear'], /^saddle: --f: implies --game expr/],
    ['--starts below 1', ['--starts', '0', '--game', 'dirac'], /^saddle: --starts: expected an integer ≥ 1/],
    ['a missing scenario', ['no-such-scenario.json'], /^saddle: no-such-scenario\.json: no such file/],
  ];
  it.each(cases)('%s: exit code 2 and one line on stderr naming what and where', async (_name, argv, message) => {
    const r = await saddle(['analyze', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
