/**
 * Scenarios and starting points: every file in sims/ validates and runs (and its description's claims hold),
 * the committed JSON Schema is the generated one, validation errors name the file and the JSON path, and random
 * starts are reproducible from their seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { pointAt } from '../../src/game.ts';
import { bilinear, matrix } from '../../src/games/index.ts';
import { loadScenario, parseScenario, prepareScenario, runScenario, scenarioJsonSchemaText, summarizeBatch, type ScenarioResult } from '../../src/scenario/index.ts';
import { gridStarts, makeStarts, pointStart, randomStarts } from '../../src/starts.ts';

const simsFiles = readdirSync('sims')
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .sort();
const base = { title: 't', description: 'd', game: { name: 'bilinear' }, init: [1, 1], steps: 10, every: 0, runs: [{ optimizer: 'simgda' }] };

/** The message of what `f` throws, which must be an InputError. */
async function inputError(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('the scenario files in sims/', () => {
  const results = new Map<string, ScenarioResult>();
  it.each(simsFiles)('%s validates and runs, every run ending with finite numbers', async (file) => {
    const scenario = await loadScenario(join('sims', file), `sims/${file}`);
    expect(scenario.description.length).toBeGreaterThan(80);
    const out = await runScenario(scenario);
    results.set(file, out);
    expect(out.runs).toHaveLength(scenario.runs.length);
    for (const run of out.runs) {
      expect(run.label.length).toBeGreaterThan(0);
      expect(run.result.final.every((block) => block.every(Number.isFinite))).toBe(true);
      if (out.starts.n === 1) expect(run.trajectory!.trajectory!.flat().every(Number.isFinite)).toBe(true);
    }
  });

  it('sims/ holds x·y under every optimizer, the Dirac-GAN under every loss and regularizer, and a non-square matrix game', () => {
    const xy = parseScenario(readFileSync('sims/xy.json', 'utf8'));
    const used = new Set(xy.runs.map((r) => ('optimizer' in r ? r.optimizer : r.integrator)));
    for (const name of ['simgda', 'altgda', 'eg', 'ogda', 'momentum', 'adam', 'consensus', 'sga', 'unrolled', 'proximal', 'rk45']) expect(used).toContain(name);
    for (const loss of ['gan', 'nsgan', 'wgan', 'wgan-clip', 'wgan-gp']) expect(simsFiles).toContain(`dirac-${loss}.json`);
    for (const reg of ['r1', 'r2', 'instance-noise', 'consensus']) expect(simsFiles).toContain(`dirac-${reg}.json`);
    const ns = parseScenario(readFileSync('sims/bilinear-nonsquare.json', 'utf8'));
    expect(ns.game.name).toBe('matrix');
    expect(ns.init).toHaveProperty('seed');
  });

  it('the Dirac-GAN files follow the paper’s figure: h = 0.2, start (1, 1), 500 steps, simultaneous and alternating generator-first runs', () => {
    for (const file of simsFiles.filter((f) => f.startsWith('dirac-'))) {
      const s = parseScenario(readFileSync(join('sims', file), 'utf8'), file);
      expect(s.init).toEqual([1, 1]);
      expect(s.steps).toBe(500);
      expect(s.runs.map((r) => ('optimizer' in r ? [r.optimizer, r.lr, r.options?.order ?? 'min-first'] : []))).toEqual([
        ['simgda', 0.2, 'min-first'],
        ['altgda', 0.2, 'min-first'],
      ]);
    }
  });

  it('xy.json’s closed forms hold: simgda grows by √(1 + η²), eg shrinks by √(1 − η² + η⁴), proximal by 1/√(1 + η²), the flow keeps ‖z‖ = √2', async () => {
    const out = results.get('xy.json') ?? (await runScenario(await loadScenario('sims/xy.json')));
    const norm = (label: string) => out.runs.find((r) => r.label === label)!.trajectory!.norm;
    const eta = 0.1;
    expect(norm('simultaneous GDA')).toBeCloseTo(Math.SQRT2 * (1 + eta ** 2) ** 500, 8);
    expect(norm('extragradient') / (Math.SQRT2 * (1 - eta ** 2 + eta ** 4) ** 500)).toBeCloseTo(1, 10);
    expect(norm('proximal point') / (Math.SQRT2 / (1 + eta ** 2) ** 500)).toBeCloseTo(1, 10);
    expect(norm('gradient flow (rk45)')).toBeCloseTo(Math.SQRT2, 5);
    expect(norm('alternating GDA, averaged')).toBeLessThan(0.01);
  });

  it('the Dirac-GAN descriptions hold: unregularized GAN and WGAN do not converge, every regularizer brings both schemes close to (0, 0)', async () => {
    const final = async (file: string) => {
      const out = results.get(file) ?? (await runScenario(await loadScenario(join('sims', file))));
      return out.runs.map((r) => r.trajectory!.norm);
    };
    const [ganSim] = await final('dirac-gan.json');
    expect(ganSim).toBeGreaterThan(Math.SQRT2);
    const [wganSim] = await final('dirac-wgan.json');
    expect(wganSim).toBeCloseTo(Math.SQRT2 * 1.04 ** 250, -2);
    for (const reg of ['r1', 'r2', 'instance-noise', 'consensus']) {
      for (const n of await final(`dirac-${reg}.json`)) expect(n, `dirac-${reg}.json`).toBeLessThan(1e-3);
    }
  });

  it('xy-grid.json: extragradient converges from every start iff η < 1, optimistic GDA iff η < 1/√3', async () => {
    const out = results.get('xy-grid.json') ?? (await runScenario(await loadScenario('sims/xy-grid.json')));
    expect(out.runs.map((r) => summarizeBatch(r.result)).map((s) => [s.converged, s.diverged])).toEqual([
      [4096, 0],
      [0, 4096],
      [4096, 0],
      [0, 4096],
    ]);
  });
});

describe('the JSON Schema of scenarios', () => {
  it('sims/scenario.schema.json is exactly what `npm run schema` generates from the zod schema', () => {
    expect(readFileSync('sims/scenario.schema.json', 'utf8'), 'out of date: run npm run schema').toBe(scenarioJsonSchemaText());
  });

  it('lists every optimizer’s own options, so an editor checks them too', () => {
    const text = scenarioJsonSchemaText();
    expect(text).toContain('"const": "momentum"');
    expect(text).toContain('"exclusiveMinimum": -1');
  });
});

describe('scenario validation errors name the file and the JSON path', () => {
  const bad: [string, unknown, string][] = [
    ['a negative learning rate', { ...base, runs: [{ optimizer: 'eg' }, { optimizer: 'eg' }, { optimizer: 'simgda', lr: -1 }] }, 'runs[2].lr: expected a positive number, got -1'],
    ['a learning rate of the wrong type', { ...base, runs: [{ optimizer: 'simgda', lr: 'fast' }] }, 'runs[0].lr: expected a positive number, or a list of them (one per player), got "fast"'],
    ['an unknown optimizer', { ...base, runs: [{ optimizer: 'sgdx' }] }, 'runs[0].optimizer: unknown optimizer "sgdx" (known: simgda,'],
    ['an unknown integrator', { ...base, runs: [{ integrator: 'rk9', dt: 0.1 }] }, 'runs[0].integrator: unknown integrator "rk9"'],
    ['an unknown option', { ...base, runs: [{ optimizer: 'momentum', options: { bta: 0.5 } }] }, 'runs[0].options: unknown key "bta" in the options of optimizer momentum (known: lr,'],
    ['an option out of range', { ...base, runs: [{ optimizer: 'momentum', options: { beta: 1 } }] }, 'runs[0].options.beta: expected a number in (−1, 1), got 1'],
    ['a per-player entry out of range', { ...base, runs: [{ optimizer: 'momentum', options: { beta: [0, 2] } }] }, 'runs[0].options.beta[1]: expected a number in (−1, 1), got 2'],
    ['a choice not offered', { ...base, runs: [{ optimizer: 'altgda', options: { order: 'x-first' } }] }, 'runs[0].options.order: expected one of min-first | max-first, got "x-first"'],
    ['an integrator without dt', { ...base, runs: [{ integrator: 'rk4' }] }, 'runs[0].dt: missing: expected a nonzero number'],
    ['a run that is neither', { ...base, runs: [{ label: 'what' }] }, 'runs[0]: missing: give optimizer or integrator'],
    ['a run that is both', { ...base, runs: [{ optimizer: 'eg', integrator: 'rk4', dt: 1 }] }, 'runs[0]: give optimizer or integrator, not both'],
    ['lr given twice', { ...base, runs: [{ optimizer: 'eg', lr: 0.1, options: { lr: 0.2 } }] }, 'runs[0].lr: given twice, here and in options.lr'],
    ['no runs', { ...base, runs: [] }, 'runs: expected at least one run'],
    ['an unknown game', { ...base, game: { name: 'go' } }, 'game.name: unknown game "go" (known: bilinear,'],
    ['a misspelled key', { ...base, stpes: 10 }, 'unknown key "stpes" in a scenario (known: $schema, title,'],
    ['a missing title', { ...base, title: undefined }, 'title: missing: expected a title'],
    ['fractional steps', { ...base, steps: 2.5 }, 'steps: expected an integer ≥ 1, got 2.5'],
    ['a point with a string', { ...base, init: [1, 'y'] }, 'init[1]: expected a finite number, got "y"'],
    ['an init of no known shape', { ...base, init: 'origin' }, 'init: expected a point [x, y, …], {grid: [nx, ny], box?} or {random: n, seed, box?}, got "origin"'],
    ['a grid of zero columns', { ...base, init: { grid: [0, 4], box: [-1, 1] } }, 'init.grid[0]: expected an integer ≥ 1, got 0'],
    ['a grid without a box or domain', { ...base, init: { grid: [4, 4] } }, 'init.box: missing: grid and random starts need a box'],
    ['a negative seed', { ...base, init: { random: 10, seed: -1, box: [0, 1] } }, 'init.seed: expected an integer in [0, 2147483647], got -1'],
    ['a domain upside down', { ...base, domain: [1, -1, -1, 1] }, 'domain: expected xmin < xmax and ymin < ymax'],
  ];
  it.each(bad)('%s', (_name, json, message) => {
    expect(() => parseScenario(json, 'sims/bad.json')).toThrow(InputError);
    expect(() => parseScenario(json, 'sims/bad.json')).toThrow(`sims/bad.json: ${message}`);
  });

  it('says how many more problems there are after the first', () => {
    expect(() => parseScenario({ ...base, steps: 0, every: -1 }, 'x.json')).toThrow(/^x\.json: steps: .*\(and 1 more problem\)$/);
  });

  it('reports a JSON syntax error with its line and column', () => {
    expect(() => parseScenario('{\n  "title": "t",\n  oops\n}', 'sims/broken.json')).toThrow(/^sims\/broken\.json: not valid JSON: .*\(line 3, column 3\)$/);
  });

  it('reports a missing file by its name', async () => {
    expect(await inputError(() => loadScenario('sims/none.json'))).toBe('sims/none.json: no such file');
  });

  const afterParse: [string, unknown, string][] = [
    ['a game param of the wrong value', { ...base, game: { name: 'dirac', params: { loss: 'lsgan' } } }, 'game.params.loss: expected one of gan | nsgan | wgan | wgan-clip | wgan-gp, got "lsgan"'],
    ['an unknown game param', { ...base, game: { name: 'bilinear', params: { b: 1 } } }, 'game.params: unknown param "b" (known: a)'],
    ['a per-player list of the wrong length', { ...base, runs: [{ optimizer: 'momentum', options: { beta: [0.1, 0.2, 0.3] } }] }, 'runs[0].options.beta: expected 1 value or 2 (one per player), got 3'],
    ['a per-player learning rate of the wrong length', { ...base, runs: [{ optimizer: 'eg' }, { optimizer: 'eg', lr: [0.1, 0.1, 0.1] }] }, 'runs[1].lr: expected 1 value or 2 (one per player), got 3'],
    ['a point of the wrong length', { ...base, init: [1, 2, 3] }, 'init: expected 2 numbers (x, y), got 3'],
    ['a box of the wrong length', { ...base, init: { random: 5, seed: 1, box: [0, 1, 2] } }, 'init.box: expected [lo, hi] or [xmin, xmax, ymin, ymax], got 3 numbers'],
    ['a grid for a game with 5 coordinates', { ...base, game: { name: 'matrix', params: { A: [[1, 2, 3], [4, 5, 6]] } }, init: { grid: [3, 3], box: [0, 1] } }, 'init: a grid needs a game with 2 coordinates; matrix has 5'],
    ['an expression that does not parse', { ...base, game: { name: 'expr', params: { f: 'x*y+' } } }, 'game.params.f, char 4: syntax error: Unexpected end of expression'],
    ['an expression not finite at the start', { ...base, game: { name: 'expr', params: { f: 'log(x)' } }, init: [-1, 1] }, 'init: f, char 0: log(x) is NaN at x = -1, y = 1'],
  ];
  it.each(afterParse)('the registries’ errors come through with the path: %s', async (_name, json, message) => {
    const scenario = parseScenario(json, 'sims/bad.json');
    expect(await inputError(() => prepareScenario(scenario))).toContain(`sims/bad.json: ${message}`);
  });
});

describe('running a scenario', () => {
  it('reports progress up to steps × runs and labels each run (its label, or the optimizer’s with its settings)', async () => {
    const scenario = parseScenario({ ...base, runs: [{ optimizer: 'eg', lr: 0.2 }, { label: 'mine', optimizer: 'simgda' }, { integrator: 'rk4', dt: 0.1 }] });
    const seen: number[] = [];
    const out = await runScenario(scenario, { onProgress: (done, total) => seen.push(done / total) });
    expect(out.runs.map((r) => r.label)).toEqual(['eg (η = 0.2)', 'mine', 'rk4 (h = 0.1)']);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('gives a batch result and no single trajectory for many starts; one trajectory for one start', async () => {
    const batch = await runScenario(parseScenario({ ...base, init: { random: 7, seed: 3, box: [-1, 1] } }));
    expect(batch.runs[0].result.n).toBe(7);
    expect(batch.runs[0].trajectory).toBeUndefined();
    const single = await runScenario(parseScenario(base));
    expect(single.runs[0].trajectory?.step).toBe(10);
  });
});

describe('starting points', () => {
  const xy = bilinear();
  const fiveD = matrix({ A: [[1, 2, 0], [0, 1, 3]] });
  const points = (s: { z: Float64Array[]; n: number }, game = xy) => Array.from({ length: s.n }, (_, b) => pointAt(game, s.z, s.n, b));

  it('the same seed gives the same random points, for every seed and size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 200 }), (seed, n) => {
        const a = randomStarts(fiveD, n, [-2, 2], seed);
        const b = randomStarts(fiveD, n, [-2, 2], seed);
        expect(a.z).toEqual(b.z);
      }),
      { numRuns: 100 },
    );
  });

  it('different seeds give different points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (s1, s2) => {
        fc.pre(s1 !== s2);
        expect(randomStarts(xy, 4, [-1, 1], s1).z).not.toEqual(randomStarts(xy, 4, [-1, 1], s2).z);
      }),
      { numRuns: 100 },
    );
  });

  it('random points lie in their box, per coordinate, and the first m of n are the m of a smaller draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), (seed, m, extra) => {
        const box = [-1, 0, 2, 3, -5, 5, 0, 0.5, 10, 11];
        const big = points(randomStarts(fiveD, m + extra, box, seed), fiveD);
        const small = points(randomStarts(fiveD, m, box, seed), fiveD);
        expect(big.slice(0, m)).toEqual(small);
        for (const p of big) p.forEach((v, k) => expect(v >= box[2 * k] && v < box[2 * k + 1]).toBe(true));
      }),
      { numRuns: 50 },
    );
  });

  it('a scenario with a random init and a seed starts from the same points every time', async () => {
    const s = parseScenario({ ...base, init: { random: 20, seed: 99, box: [-3, 3] } });
    const [a, b] = [await prepareScenario(s), await prepareScenario(s)];
    expect(a.starts.z).toEqual(b.starts.z);
  });

  it('a grid has nx·ny points, x running fastest, corners on the box corners', () => {
    const g = gridStarts(xy, 3, 2, [-1, 1, 10, 20]);
    expect(g.n).toBe(6);
    expect(points(g)).toEqual([
      [-1, 10],
      [0, 10],
      [1, 10],
      [-1, 20],
      [0, 20],
      [1, 20],
    ]);
  });

  it('a 256 × 256 grid is routine: 65,536 points', () => {
    const g = makeStarts(xy, { grid: [256, 256] }, 'init', [-2, 2, -2, 2]);
    expect(g.n).toBe(65_536);
    expect(points(g).at(-1)).toEqual([2, 2]);
  });

  it('a single point is a batch of one', () => {
    expect(points(pointStart(xy, [0.5, -1]))).toEqual([[0.5, -1]]);
  });

  const shapes: [string, () => unknown, string][] = [
    ['a point of the wrong length', () => pointStart(xy, [1]), 'init: expected 2 numbers (x, y), got 1'],
    ['a point with NaN', () => pointStart(xy, [1, NaN]), 'init: coordinate 2 is null, not a finite number'],
    ['a grid for a 5-coordinate game', () => gridStarts(fiveD, 4, 4, [0, 1]), 'init: a grid needs a game with 2 coordinates; matrix has 5'],
    ['a grid with a fractional size', () => gridStarts(xy, 2.5, 4, [0, 1]), 'init: nx: expected an integer ≥ 1, got 2.5'],
    ['a grid too large', () => gridStarts(xy, 4096, 4096, [0, 1]), 'is more than 4194304'],
    ['a box with lo ≥ hi', () => gridStarts(xy, 4, 4, [1, 1]), 'init.box: coordinate 1: lower end 1 is not below upper end 1'],
    ['a box of the wrong length', () => randomStarts(fiveD, 4, [0, 1, 2, 3], 1), 'init.box: expected [lo, hi] or 10 numbers (a lo, hi pair per coordinate), got 4'],
    ['zero random points', () => randomStarts(xy, 0, [0, 1], 1), 'init: random: expected an integer ≥ 1, got 0'],
    ['a fractional seed', () => randomStarts(xy, 3, [0, 1], 0.5), 'init.seed: expected an integer in [0, 2147483647], got 0.5'],
    ['no box at all', () => makeStarts(xy, { random: 3, seed: 1 }), 'init.box: required'],
  ];
  it.each(shapes)('bad shapes are InputErrors: %s', async (_name, f, message) => {
    expect(await inputError(f)).toContain(message);
  });
});
