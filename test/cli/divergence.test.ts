/**
 * `saddle divergence`: --json prints exactly {"kl", "reverseKl", "js", "tv", "w1", "w2"} with the API's numbers and
 * "Infinity" for infinite ones; the table names each divergence and how it was obtained; bad input is exit code 2
 * and one line that says what and where.
 */
import { describe, expect, it } from 'vitest';
import { divergences } from '../../src/divergence/divergences.ts';
import { mixture, normal, point, uniform } from '../../src/divergence/distribution.ts';
import { saddle, saddleJson } from './harness.ts';

const KEYS = ['kl', 'reverseKl', 'js', 'tv', 'w1', 'w2'];

describe('saddle divergence --json', () => {
  it('prints exactly the six keys, in order, with the numbers of the API', async () => {
    const out = await saddleJson(['divergence', '--p', 'normal(0,1)', '--q', 'normal(1,2)', '--json']);
    expect(Object.keys(out)).toEqual(KEYS);
    expect(out).toEqual(divergences(normal(0, 1), normal(1, 2)));
  });

  it('writes an infinite divergence as the string "Infinity": a point against a normal', async () => {
    const out = await saddleJson(['divergence', '--p', 'point(0)', '--q', 'normal(0,1)', '--json']);
    expect(out).toEqual({ kl: 'Infinity', reverseKl: 'Infinity', js: Math.LN2, tv: 1, w1: Math.sqrt(2 / Math.PI), w2: 1 });
  });

  it('reads mixtures and disjoint uniforms', async () => {
    const out = await saddleJson(['divergence', '--p', 'mix(0.3*normal(0,1), 0.7*point(2))', '--q', 'uniform(-1, 3)', '--json']);
    const api = divergences(mixture([[0.3, normal(0, 1)], [0.7, point(2)]]), uniform(-1, 3));
    expect(out).toEqual({ ...api, kl: 'Infinity' });
    const disjoint = await saddleJson(['divergence', '--p', 'uniform(0,1)', '--q', 'uniform(2,3)', '--json']);
    expect(disjoint).toEqual({ kl: 'Infinity', reverseKl: 'Infinity', js: Math.LN2, tv: 1, w1: 2, w2: 2 });
  });

  it('the parallel lines: W = |θ|, JS = log 2, TV = 1, KL = Infinity for θ ≠ 0, all 0 at θ = 0', async () => {
    expect(await saddleJson(['divergence', '--example', 'parallel-lines', '--theta', '-0.5', '--json'])).toEqual({
      kl: 'Infinity',
      reverseKl: 'Infinity',
      js: Math.LN2,
      tv: 1,
      w1: 0.5,
      w2: 0.5,
    });
    expect(await saddleJson(['divergence', '--example', 'parallel-lines', '--theta', '0', '--json'])).toEqual({ kl: 0, reverseKl: 0, js: 0, tv: 0, w1: 0, w2: 0 });
    expect(await saddleJson(['divergence', '--example', 'parallel-lines', '--json'])).toMatchObject({ w1: 1 });
  });
});

describe('saddle divergence, the table', () => {
  it('shows P and Q, the six values and how each was obtained', async () => {
    const r = await saddle(['divergence', '--p', 'normal(0,1)', '--q', 'normal(1,2)']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^P {2}normal\(0, 1\)\nQ {2}normal\(1, 2\)\n\n/);
    expect(r.stdout).toMatch(/KL\(P‖Q\) +0\.443147 +closed form/);
    expect(r.stdout).toMatch(/JS\(P, Q\) +0\.128175 +quadrature \(error ≈ /);
    expect(r.stdout).toMatch(/W2\(P, Q\) +1\.41421 +closed form/);
  });

  it('says why a KL is infinite, and shows the parallel lines with their gradients', async () => {
    const r = await saddle(['divergence', '--p', 'point(0)', '--q', 'mix(0.5*normal(0,1), 0.5*point(1))']);
    expect(r.stdout).toMatch(/KL\(P‖Q\) +Infinity +exact: P has mass where Q has none/);
    expect(r.stdout).toMatch(/KL\(Q‖P\) +Infinity +exact: Q has mass where P has none/);
    const lines = await saddle(['divergence', '--example', 'parallel-lines', '--theta', '2']);
    expect(lines.stdout).toMatch(/Arjovsky et al\. 2017, Example 1/);
    expect(lines.stdout).toMatch(/JS\(P₀, P_θ\) +0\.693147 +d\/dθ = 0/);
    expect(lines.stdout).toMatch(/W1\(P₀, P_θ\) +2 +d\/dθ = 1/);
  });
});

const bad: [string, string[], RegExp][] = [
  ['no distributions', ['divergence'], /^saddle: divergence: give --p DIST and --q DIST/],
  ['--p without --q', ['divergence', '--p', 'normal(0,1)'], /^saddle: --q: required with --p/],
  ['--q without --p', ['divergence', '--q', 'normal(0,1)'], /^saddle: --p: required with --q/],
  ['a malformed distribution', ['divergence', '--p', 'normal(0,x)', '--q', 'point(0)'], /^saddle: --p, char 9: expected a number/],
  ['an unknown distribution', ['divergence', '--p', 'normal(0,1)', '--q', 'gauss(0,1)'], /^saddle: --q, char 0: expected a distribution \(normal, uniform, point, mix\), got "gauss"/],
  ['a zero std', ['divergence', '--p', 'normal(0,0)', '--q', 'point(0)'], /^saddle: --p, char 0: normal: std must be a positive number, got 0 \(use point\(0\)/],
  ['weights that do not sum to 1', ['divergence', '--p', 'mix(0.5*point(0), 0.6*point(1))', '--q', 'point(0)'], /^saddle: --p, char 0: mixture weights sum to 1\.1, not 1$/],
  ['an unknown example', ['divergence', '--example', 'lines'], /^saddle: --example: unknown example "lines" \(known: parallel-lines\)$/],
  ['an example with --p', ['divergence', '--example', 'parallel-lines', '--p', 'point(0)'], /^saddle: --example: give --example or --p and --q, not both$/],
  ['a malformed --theta', ['divergence', '--example', 'parallel-lines', '--theta', 'x'], /^saddle: --theta: expected a finite number, got "x"$/],
  ['--theta without the example', ['divergence', '--theta', '1', '--p', 'point(0)', '--q', 'point(1)'], /^saddle: --theta: applies to --example parallel-lines$/],
  ['an unknown flag', ['divergence', '--pp', 'point(0)'], /^saddle divergence: unknown option '--pp'/],
];

describe('saddle divergence, bad input', () => {
  it.each(bad)('%s: exit code 2 and one line on stderr naming what and where', async (_name, argv, message) => {
    const r = await saddle(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('saddle divergence --help shows the distribution forms and examples', async () => {
    const r = await saddle(['divergence', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mix\(W1\*DIST, W2\*DIST, \.\.\.\)/);
    expect(r.stdout).toMatch(/saddle divergence --example parallel-lines --theta 0\.5/);
  });
});
