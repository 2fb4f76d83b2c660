/**
 * scripts/experiment-modes.ts (`npm run experiment:modes`): mean ± standard error is s/√n with the sample standard
 * deviation; runs are grouped per preset and data set; a tiny experiment on the cpu backend is reproducible and its
 * table carries every method and the published rows; bad flags exit 2 with one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { formatTable, main, meanSe, PUBLISHED, runExperiment, summarize, totalSteps, type RunResult } from '../../scripts/experiment-modes.ts';

vi.setConfig({ testTimeout: 180_000 });

describe('meanSe', () => {
  it('is the mean and s/√n, s² = Σ(x − x̄)²/(n − 1), for any list of two or more values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 30 }), (xs) => {
        const n = xs.length;
        const m = xs.reduce((a, b) => a + b, 0) / n;
        const s = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
        const r = meanSe(xs);
        expect(r.mean).toBeCloseTo(m, 8);
        expect(r.se).toBeCloseTo(s / Math.sqrt(n), 8);
      }),
    );
  });

  it('has no standard error for one value', () => {
    expect(meanSe([3])).toEqual({ mean: 3, se: Number.NaN });
    expect(() => meanSe([])).toThrow(RangeError);
  });
});

const run = (preset: string, dataset: 'ring8' | 'grid25', seed: number, modes: number): RunResult => ({
  preset,
  dataset,
  seed,
  steps: 10,
  modes,
  highQuality: modes / 10,
  reverseKl: 1 / modes,
  seconds: 1,
  stepsPerSecond: 10,
});

describe('summarize and the table', () => {
  it('groups runs per preset and data set, in order, and prints one line per method beside the published rows', () => {
    const runs = [run('a', 'ring8', 1, 2), run('a', 'ring8', 2, 4), run('a', 'grid25', 1, 20), run('b', 'ring8', 1, 8)];
    const summary = summarize(runs);
    expect(summary.map((s) => [s.preset, s.dataset, s.runs])).toEqual([
      ['a', 'ring8', 2],
      ['a', 'grid25', 1],
      ['b', 'ring8', 1],
    ]);
    expect(summary[0].modes).toEqual({ mean: 3, se: 1 });
    const table = formatTable(summary, 2);
    expect(table).toMatch(/^a\s+3\.0 ± 1\.0\s+30\.0 ± 10\.0\s+0\.38 ± 0\.13\s+20\.0\s+200\.0/m);
    expect(table).toMatch(/^b\s+8\.0\s/m);
    for (const p of PUBLISHED) expect(table).toContain(`${p.method} (${p.source})`);
    expect(table).toMatch(/^GAN \(PacGAN T1\)\s+6\.3\s+98\.2\s+—\s+17\.3\s+94\.8/m);
  });
});

describe('runExperiment', () => {
  it('trains every preset × data set × seed, and the same plan gives the same scores', async () => {
    const plan = {
      presets: ['mode-collapse', 'r1'],
      datasets: ['ring8', 'grid25'] as const,
      seeds: 2,
      steps: 5,
      backend: 'cpu' as const,
      overrides: { generator: { hidden: [6] }, discriminator: { hidden: [6] }, batch: 16 },
    };
    const ticks: number[] = [];
    const a = await runExperiment({ ...plan, onProgress: (done, total) => ticks.push(done / total) });
    expect(a).toHaveLength(8);
    expect(totalSteps(plan)).toBe(40);
    expect(ticks.at(-1)).toBe(1);
    expect(a.map((r) => [r.preset, r.dataset, r.seed])).toEqual([
      ['mode-collapse', 'ring8', 1],
      ['mode-collapse', 'ring8', 2],
      ['mode-collapse', 'grid25', 1],
      ['mode-collapse', 'grid25', 2],
      ['r1', 'ring8', 1],
      ['r1', 'ring8', 2],
      ['r1', 'grid25', 1],
      ['r1', 'grid25', 2],
    ]);
    for (const r of a) {
      expect(r.steps).toBe(5);
      expect(r.modes).toBeLessThanOrEqual(r.dataset === 'ring8' ? 8 : 25);
      expect(r.highQuality).toBeGreaterThanOrEqual(0);
      expect(r.highQuality).toBeLessThanOrEqual(1);
      expect(r.reverseKl).toBeGreaterThanOrEqual(0);
    }
    const b = await runExperiment(plan);
    const scores = (rs: RunResult[]) => rs.map(({ modes, highQuality, reverseKl }) => ({ modes, highQuality, reverseKl }));
    expect(scores(b)).toEqual(scores(a));
    // Resuming at seed 2 runs only the seed-2 runs, and they score as in the full experiment.
    const resumed = { ...plan, firstSeed: 2 };
    const c = await runExperiment(resumed);
    expect(totalSteps(resumed)).toBe(20);
    expect(c.map((r) => [r.preset, r.dataset, r.seed])).toEqual(a.filter((r) => r.seed === 2).map((r) => [r.preset, r.dataset, r.seed]));
    expect(scores(c)).toEqual(scores(a.filter((r) => r.seed === 2)));
  });
});

describe('the command line', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s), isTTY: false } },
    };
  };
  it('--from prints the table of saved runs together; a file that is not one exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saddle-modes-'));
    try {
      const [a, b, bad] = ['a.json', 'b.json', 'bad.json'].map((f) => join(dir, f));
      writeFileSync(a, JSON.stringify({ runs: [run('x', 'ring8', 1, 2), run('x', 'ring8', 2, 4)] }));
      writeFileSync(b, JSON.stringify({ runs: [run('y', 'grid25', 1, 25)] }));
      writeFileSync(bad, JSON.stringify({ summary: [] }));
      const { out, io: streams } = io();
      expect(await main(['--from', `${a},${b}`], streams)).toBe(0);
      expect(out.stdout).toMatch(/^x\s+3\.0 ± 1\.0\s/m);
      expect(out.stdout).toMatch(/^y\s+25\.0\s/m);
      const failed = io();
      expect(await main(['--from', bad], failed.io)).toBe(2);
      expect(failed.out.stderr).toMatch(/^experiment:modes: --from .*bad\.json: has no "runs" list/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--presets', 'nope'], /^experiment:modes: --presets: unknown preset "nope"/],
    [['--datasets', 'spiral'], /^experiment:modes: --datasets: expected ring8 or grid25, got "spiral"/],
    [['--seeds', '0'], /^experiment:modes: --seeds: expected an integer ≥ 1/],
    [['--seeds', '2', '--first-seed', '3'], /^experiment:modes: --first-seed: 3 is after the last seed \(--seeds 2\)/],
    [['--backend', 'webgl'], /^experiment:modes: --backend: expected cpu or wasm/],
    [['--colour'], /^experiment:modes: unknown option '--colour'/],
  ])('%o exits 2 with one line', async (argv, message) => {
    const { out, io: streams } = io();
    expect(await main(argv, streams)).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(message);
  });
});
