/**
 * `saddle learn`, in-process: --json has exactly the documented shape and the same numbers as the API, the
 * replicator runs through the integrators, and bad input ends with exit code 2 and one line saying what and where.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bimatrixGame, createLearning, klDivergence, learn } from '../../src/matrix-games/index.ts';
import { saddle, saddleJson } from './harness.ts';

interface LearnJson {
  x: number[];
  y: number[];
  trajectory?: { step: number; x: number[]; y: number[] }[];
}
const MP = ['--A', '[[1,-1],[-1,1]]'];
const matchingPennies = bimatrixGame([
  [1, -1],
  [-1, 1],
]);
const run = (...argv: string[]) => saddleJson<LearnJson>(['learn', ...argv, '--json']);
const fixture = (name: string) => new URL(`../fixtures/nfg/${name}`, import.meta.url).pathname;

describe('saddle learn --json', () => {
  it('prints exactly {"x", "y"} on one line, and with --every a trajectory of {step, x, y} from the start to the end', async () => {
    const r = await saddle(['learn', ...MP, '--dynamics', 'mwu', '--x0', '0.8,0.2', '--y0', '0.6,0.4', '--steps', '10', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(['x', 'y']);
    const out = await run(...MP, '--dynamics', 'mwu', '--x0', '0.8,0.2', '--y0', '0.6,0.4', '--steps', '10', '--every', '4');
    expect(Object.keys(out)).toEqual(['x', 'y', 'trajectory']);
    expect(out.trajectory!.map((f) => f.step)).toEqual([0, 4, 8, 10]);
    expect(out.trajectory![0]).toEqual({ step: 0, x: [0.8, 0.2], y: [0.6, 0.4] });
    expect(out.trajectory![3]).toEqual({ step: 10, x: out.x, y: out.y });
  });

  it('prints the numbers of the API (src/matrix-games learn) for every dynamics, step size and start', async () => {
    const p = fc.double({ min: 0.05, max: 0.95, noNaN: true });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('mwu', 'omwu', 'fictitious', 'regret-matching'), fc.double({ min: 0.01, max: 1, noNaN: true }), p, p, async (name, lr, a, b) => {
        const options = name === 'mwu' || name === 'omwu' ? { lr } : {};
        const flags = name === 'mwu' || name === 'omwu' ? ['--lr', String(lr)] : [];
        const out = await run(...MP, '--dynamics', name, ...flags, '--x0', `${a},${1 - a}`, '--y0', `${b},${1 - b}`, '--steps', '50');
        const api = learn(matchingPennies, createLearning(name, matchingPennies, 1, options), [a, 1 - a], [b, 1 - b], { steps: 50 });
        expect(out.x).toEqual(api.x);
        expect(out.y).toEqual(api.y);
      }),
      { numRuns: 30 },
    );
  });

  it('the replicator dynamics run through --integrator implicit-midpoint and conserve KL to (½, ½) in matching pennies', async () => {
    const out = await run(...MP, '--dynamics', 'replicator', '--integrator', 'implicit-midpoint', '--dt', '0.01', '--x0', '0.8,0.2', '--y0', '0.6,0.4', '--steps', '2000', '--every', '100');
    const H = (x: number[], y: number[]) => klDivergence([0.5, 0.5], x) + klDivergence([0.5, 0.5], y);
    const h0 = H([0.8, 0.2], [0.6, 0.4]);
    for (const f of out.trajectory!) expect(Math.abs(H(f.x, f.y) - h0)).toBeLessThanOrEqual(1e-4);
  });

  it('--opt passes integrator tolerances to rk45, and sampled=true with --seed to regret matching (reproducibly)', async () => {
    const tight = await run(...MP, '--dynamics', 'replicator', '--opt', 'rtol=1e-10', '--opt', 'atol=1e-12', '--x0', '0.8,0.2', '--y0', '0.6,0.4', '--steps', '20');
    const loose = await run(...MP, '--dynamics', 'replicator', '--x0', '0.8,0.2', '--y0', '0.6,0.4', '--steps', '20');
    expect(tight.x).not.toEqual(loose.x);
    expect(Math.abs(tight.x[0] - loose.x[0])).toBeLessThan(1e-4);
    const once = await run('--file', fixture('oneill.nfg'), '--dynamics', 'regret-matching', '--opt', 'sampled=true', '--seed', '5', '--steps', '200');
    const again = await run('--file', fixture('oneill.nfg'), '--dynamics', 'regret-matching', '--opt', 'sampled=true', '--seed', '5', '--steps', '200');
    expect(once).toEqual(again);
  });
});

describe('saddle learn without --json', () => {
  it('reports the dynamics, the start, the final strategies, payoffs, regrets and (zero-sum) the duality gap', async () => {
    const r = await saddle(['learn', ...MP, '--dynamics', 'omwu', '--lr', '0.2', '--x0', '0.8,0.2', '--y0', '0.6,0.4', '--steps', '3000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^game +2×2 zero-sum \(B = −A\)\ndynamics +omwu \(η = 0\.2\)\nstart +x = \(0\.8, 0\.2\), y = \(0\.6, 0\.4\)\nsteps +3000\n/);
    expect(r.stdout).toMatch(/\nfinal +x = \(0\.5, 0\.5\), y = \(0\.5, 0\.5\)\n/);
    expect(r.stdout).toMatch(/\nduality gap +\S+\n$/);
    const rm = await saddle(['learn', ...MP, '--dynamics', 'regret-matching', '--steps', '100', '--every', '50']);
    expect(rm.stdout).toMatch(/\nfinal \(averages\) +x = /);
    expect(rm.stdout).toMatch(/\nrecorded +3 points \(every 50 steps\)\n$/);
    const rep = await saddle(['learn', ...MP, '--dynamics', 'replicator', '--dt', '0.05', '--steps', '100']);
    expect(rep.stdout).toMatch(/\ndynamics +replicator, rk45 \(dt = 0\.05, rtol = 1e-6, atol = 1e-9\)\n/);
    expect(rep.stdout).toMatch(/\nsteps +100 \(time 5\)\n/);
  });

  it('warns when an explicit integrator with a large step throws play off the simplex', async () => {
    const r = await saddle(['learn', ...MP, '--dynamics', 'replicator', '--integrator', 'euler', '--dt', '3', '--x0', '0.9,0.1', '--steps', '20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nwarning: the strategies (left the simplex by \S+ \(worst at step \d+\)|turned non-finite at step \d+)/);
  });
});

describe('saddle learn with bad input: exit 2, one line on stderr', () => {
  const cases: [string, string[], RegExp][] = [
    ['no --dynamics', ['learn', ...MP], /^saddle learn: required option '--dynamics <name>' not specified$/],
    ['an unknown dynamics', ['learn', ...MP, '--dynamics', 'hedge'], /^saddle: --dynamics: unknown dynamics "hedge" \(known: replicator, mwu, omwu, fictitious, regret-matching\)$/],
    ['--lr for the replicator', ['learn', ...MP, '--dynamics', 'replicator', '--lr', '0.1'], /^saddle: --lr: applies to mwu and omwu, not to replicator$/],
    ['--dt for mwu', ['learn', ...MP, '--dynamics', 'mwu', '--dt', '0.1'], /^saddle: --dt: applies to replicator, not to mwu$/],
    ['--seed for omwu', ['learn', ...MP, '--dynamics', 'omwu', '--seed', '1'], /^saddle: --seed: applies to fictitious and regret-matching, not to omwu$/],
    ['a negative --lr', ['learn', ...MP, '--dynamics', 'mwu', '--lr', '-1'], /^saddle: --lr: expected a positive number/],
    ['a zero --dt', ['learn', ...MP, '--dynamics', 'replicator', '--dt', '0'], /^saddle: --dt: expected a positive number, got "0"$/],
    ['an unknown integrator', ['learn', ...MP, '--dynamics', 'replicator', '--integrator', 'rk9'], /^saddle: dynamics replicator, option integrator: expected one of euler \| rk4 \| rk45/],
    ['a bad integrator option', ['learn', ...MP, '--dynamics', 'replicator', '--opt', 'rtol=-1'], /^saddle: integrator rk45, option rtol: expected a positive number/],
    ['an unknown --opt', ['learn', ...MP, '--dynamics', 'mwu', '--opt', 'beta=1'], /^saddle: dynamics mwu: unknown option "beta" \(known: lr\)$/],
    ['--x0 of the wrong length', ['learn', ...MP, '--dynamics', 'mwu', '--x0', '1,0,0'], /^saddle: --x0: expected 2 probabilities \(one per strategy\), got 3/],
    ['--x0 not summing to 1', ['learn', ...MP, '--dynamics', 'mwu', '--x0', '0.5,0.6'], /^saddle: --x0: entries sum to 1\.1, not 1/],
    ['a negative probability', ['learn', ...MP, '--dynamics', 'mwu', '--y0', '1.5,-0.5'], /^saddle: --y0: entry 2 is -0\.5: probabilities are numbers ≥ 0$/],
    ['a malformed --y0', ['learn', ...MP, '--dynamics', 'mwu', '--y0', '0.5,,0.5'], /^saddle: --y0: expected a comma-separated list of numbers; value 2 of "0\.5,,0\.5"/],
    ['--steps 0', ['learn', ...MP, '--dynamics', 'mwu', '--steps', '0'], /^saddle: --steps: expected an integer ≥ 1, got "0"$/],
    ['a fractional --seed', ['learn', ...MP, '--dynamics', 'fictitious', '--seed', '1.5'], /^saddle: --seed: expected an integer ≥ 0, got "1\.5"$/],
    ['a seed too large', ['learn', ...MP, '--dynamics', 'fictitious', '--seed', '3000000000'], /^saddle: dynamics fictitious, option seed: expected an integer in \[0, 2147483647\]/],
    ['lr given twice', ['learn', ...MP, '--dynamics', 'mwu', '--lr', '0.1', '--opt', 'lr=0.2'], /^saddle: --lr: lr is given twice, by --lr and by --opt$/],
    ['bad --A', ['learn', '--A', '[[1,2],[3]]', '--dynamics', 'mwu'], /^saddle: --A: row 1 has 1 entries; row 0 has 2$/],
  ];
  for (const [what, argv, want] of cases) {
    it(`${what}: ${want.source.slice(1, 60)}`, async () => {
      const r = await saddle(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(want);
    });
  }
});
