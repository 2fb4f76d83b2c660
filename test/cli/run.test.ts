/**
 * `saddle run`, in-process: each documented flag does what its help says, --json has the documented shape, and the
 * numbers it prints agree with the closed forms of REFERENCES.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saddle, saddleJson } from './harness.ts';

interface One {
  final: number[];
  norm: number;
  status: 'converged' | 'diverged' | 'running';
  step: number;
  trajectory?: number[][];
}
const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
const one = (...argv: string[]) => saddleJson<One>(['run', ...argv, '--json']);
const tmp = () => mkdtempSync(join(tmpdir(), 'saddle-cli-'));

describe('saddle run --json without a scenario file', () => {
  it('prints exactly one JSON object with final, norm, status and step (and nothing else)', async () => {
    const r = await saddle(['run', '--game', 'bilinear', '--optimizer', 'simgda', '--lr', '0.1', '--init', '1,1', '--steps', '10', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as One;
    expect(Object.keys(out).sort()).toEqual(['final', 'norm', 'status', 'step']);
    expect(out.final).toHaveLength(2);
    expect(out.status).toBe('running');
    expect(out.step).toBe(10);
  });

  it('simgda on x·y from (1, 1) has norm √2·(1 + η²)^(steps/2), as printed by --json', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.01, max: 0.3, noNaN: true }), fc.integer({ min: 1, max: 150 }), async (eta, steps) => {
        const out = await one('--game', 'bilinear', '--optimizer', 'simgda', '--lr', String(eta), '--init', '1,1', '--steps', String(steps));
        expect(out.status).toBe('running');
        expect(close(out.norm, Math.SQRT2 * (1 + eta * eta) ** (steps / 2), 1e-11)).toBe(true);
        expect(close(Math.hypot(...out.final), out.norm)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('includes the trajectory, every k steps from the start, exactly when --every is given', async () => {
    const out = await one('--optimizer', 'simgda', '--init', '1,1', '--steps', '25', '--every', '10');
    expect(Object.keys(out).sort()).toEqual(['final', 'norm', 'status', 'step', 'trajectory']);
    // steps 0, 10, 20 and the last step 25
    expect(out.trajectory).toHaveLength(4);
    expect(out.trajectory![0]).toEqual([1, 1]);
    expect(out.trajectory![3]).toEqual(out.final);
    expect((await one('--steps', '25')).trajectory).toBeUndefined();
  });
});

describe('each flag of saddle run', () => {
  it('--game and --param: bilinear with a = 2 grows like √(1 + (aη)²) a step', async () => {
    const out = await one('--game', 'bilinear', '--param', 'a=2', '--lr', '0.1', '--steps', '20');
    expect(close(out.norm, Math.SQRT2 * 1.04 ** 10)).toBe(true);
  });

  it('--f plays the typed f(x, y): "x*y" gives the same numbers as the bilinear game', async () => {
    const typed = await one('--f', 'x*y', '--optimizer', 'eg', '--lr', '0.3', '--init', '0.5,-2', '--steps', '40');
    const builtIn = await one('--game', 'bilinear', '--optimizer', 'eg', '--lr', '0.3', '--init', '0.5,-2', '--steps', '40');
    typed.final.forEach((v, k) => expect(close(v, builtIn.final[k])).toBe(true));
  });

  it('two --f give each player its loss: ℓ₁ = x·y, ℓ₂ = −x·y is the zero-sum game x·y', async () => {
    const general = await one('--f', 'x*y', '--f', '-x*y', '--lr', '0.2', '--steps', '30');
    const zeroSum = await one('--f', 'x*y', '--lr', '0.2', '--steps', '30');
    general.final.forEach((v, k) => expect(close(v, zeroSum.final[k])).toBe(true));
  });

  it('--f with --param: a named constant in the expression', async () => {
    const typed = await one('--f', 'a*x*y', '--param', 'a=2', '--lr', '0.1', '--steps', '20');
    expect(close(typed.norm, Math.SQRT2 * 1.04 ** 10)).toBe(true);
  });

  it('--lr with a comma list gives each player its own rate: one step of simgda from (1, 1) is (1 − η₁, 1 + η₂)', async () => {
    const out = await one('--optimizer', 'simgda', '--lr', '0.1,0.2', '--init', '1,1', '--steps', '1');
    expect(out.final[0]).toBeCloseTo(0.9, 14);
    expect(out.final[1]).toBeCloseTo(1.2, 14);
  });

  it('--opt with a comma list gives each player its own value: momentum β = (−0.5, 0) after two steps', async () => {
    // v₁ = −ηξ(z₀) = (−0.1, 0.1), z₁ = (0.9, 1.1); v₂ = β⊙v₁ − ηξ(z₁) = (0.05 − 0.11, 0 + 0.09), z₂ = (0.84, 1.19)
    const out = await one('--optimizer', 'momentum', '--lr', '0.1', '--opt', 'beta=-0.5,0', '--init', '1,1', '--steps', '2');
    expect(out.final[0]).toBeCloseTo(0.84, 14);
    expect(out.final[1]).toBeCloseTo(1.19, 14);
  });

  it('--opt takes several options: alternating negative momentum converges on x·y where simultaneous momentum does not', async () => {
    const alternating = await one('--optimizer', 'momentum', '--opt', 'beta=-0.5', '--opt', 'alternating=true', '--steps', '3000');
    const simultaneous = await one('--optimizer', 'momentum', '--opt', 'beta=-0.5', '--steps', '3000');
    expect(alternating.norm).toBeLessThan(0.05);
    expect(simultaneous.norm).toBeGreaterThan(Math.SQRT2);
  });

  it('--integrator and --dt: the implicit midpoint rule keeps ‖z‖ = √2 on x·y', async () => {
    const out = await one('--integrator', 'implicit-midpoint', '--dt', '0.3', '--init', '1,1', '--steps', '50');
    expect(close(out.norm, Math.SQRT2, 1e-12)).toBe(true);
  });

  it('--init sets every coordinate in order: simgda from (3, 4) has norm 5·√(1 + η²) after one step', async () => {
    const out = await one('--lr', '0.2', '--init', '3,4', '--steps', '1');
    expect(close(out.norm, 5 * Math.sqrt(1.04))).toBe(true);
  });

  it('--init of a game with more coordinates lists x then y: matrix A 1×2 has coordinates x, y1, y2', async () => {
    const out = await one('--game', 'matrix', '--param', 'A=[[1,2]]', '--optimizer', 'eg', '--init', '1,2,3', '--steps', '1');
    expect(out.final).toHaveLength(3);
  });

  it('--steps: a run that neither converges nor diverges reports step = steps', async () => {
    expect((await one('--optimizer', 'altgda', '--steps', '77')).step).toBe(77);
  });

  it('--tol: a looser tolerance stops consensus earlier, with ‖ξ‖ = ‖z‖ below it', async () => {
    const strict = await one('--optimizer', 'consensus', '--steps', '1000');
    const loose = await one('--optimizer', 'consensus', '--steps', '1000', '--tol', '1e-3');
    expect(strict.status).toBe('converged');
    expect(loose.status).toBe('converged');
    expect(loose.step).toBeLessThan(strict.step);
    expect(loose.norm).toBeLessThan(1e-3);
  });

  it('--bound: simgda with η = 1 doubles ‖z‖² a step and is diverged at the first step past the bound, keeping the last point inside', async () => {
    // ‖z_k‖ = √2·2^(k/2): 8 at k = 5, 11.3 at k = 6
    const out = await one('--optimizer', 'simgda', '--lr', '1', '--init', '1,1', '--steps', '100', '--bound', '10');
    expect(out.status).toBe('diverged');
    expect(out.step).toBe(6);
    expect(close(out.norm, 8)).toBe(true);
  });

  it('a diverged run prints finite numbers only (never NaN)', async () => {
    const r = await saddle(['run', '--optimizer', 'simgda', '--lr', '50', '--steps', '1000', '--every', '1', '--json']);
    expect(r.stdout).not.toMatch(/NaN|null/);
    const out = JSON.parse(r.stdout) as One;
    expect(out.status).toBe('diverged');
    expect([...out.final, out.norm, ...out.trajectory!.flat()].every(Number.isFinite)).toBe(true);
  });

  it('without --json prints a summary: game, optimizer label, status, step, final point and norm', async () => {
    const r = await saddle(['run', '--optimizer', 'eg', '--lr', '0.5', '--init', '1,1', '--steps', '40']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/game\s+f\(x, y\) = 1·x·y/);
    expect(r.stdout).toMatch(/optimizer\s+eg \(η = 0\.5\)/);
    expect(r.stdout).toMatch(/status\s+running after 40 steps/);
    expect(r.stdout).toMatch(/final\s+x = \S+, y = \S+/);
    expect(r.stdout).toMatch(/norm\s+\d/);
  });

  it('the summary says where a run diverged and that its final point is the last inside the bound', async () => {
    const r = await saddle(['run', '--lr', '1', '--steps', '100']);
    expect(r.stdout).toMatch(/diverged at step \d+ \(‖z‖ passed 1e\+6; final is the last point inside\)/);
  });

  it('--out FILE.csv writes run,step and the coordinates, one row per recorded step (every step by default)', async () => {
    const dir = tmp();
    const r = await saddle(['run', '--game', 'dirac', '--optimizer', 'altgda', '--lr', '0.2', '--steps', '20', '--out', 'dirac.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, 'dirac.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('run,step,θ,ψ');
    expect(lines).toHaveLength(1 + 21);
    expect(lines[1]).toBe('altgda (η = 0.2),0,1,1');
    expect(lines[21].split(',')[1]).toBe('20');
  });

  it('--out FILE.json writes the runs with their trajectories; --json output stays one object without it', async () => {
    const dir = tmp();
    const r = await saddle(['run', '--steps', '10', '--every', '5', '--out', 'run.json', '--json'], { cwd: dir });
    const printed = JSON.parse(r.stdout) as One;
    const written = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { coords: string[]; runs: (One & { steps: number[] })[] };
    expect(written.coords).toEqual(['x', 'y']);
    expect(written.runs[0].steps).toEqual([0, 5, 10]);
    expect(written.runs[0].trajectory).toEqual(printed.trajectory);
  });

  it('shows a progress bar on a terminal stderr for long runs, and nothing on stderr otherwise', async () => {
    const argv = ['run', 'xy-grid', '--steps', '20', '--json'];
    const tty = await saddle(argv, { tty: true, progressThreshold: 1000 });
    expect(tty.stderr).toMatch(/100%/);
    expect(JSON.parse(tty.stdout)).toHaveProperty('runs');
    const pipe = await saddle(argv, { tty: false, progressThreshold: 1000 });
    expect(pipe.stderr).toBe('');
  });
});

describe('saddle run with a scenario file', () => {
  it('runs every run of the file and prints one summary line per run', async () => {
    const r = await saddle(['run', 'sims/xy.json', '--steps', '20']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('sims/xy.json: f(x, y) = x·y under every optimizer');
    expect(lines.slice(2)).toHaveLength(12);
    expect(lines[2]).toMatch(/^\s+simultaneous GDA\s+running after 20 steps\s+norm/);
  });

  it('--json prints {runs: [{label, final, norm, status, step, trajectory}]} for a single start', async () => {
    const out = await saddleJson<{ runs: (One & { label: string })[] }>(['run', 'xy', '--steps', '30', '--json']);
    expect(out.runs).toHaveLength(12);
    const sim = out.runs[0];
    expect(Object.keys(sim).sort()).toEqual(['final', 'label', 'norm', 'status', 'step', 'trajectory']);
    expect(sim.label).toBe('simultaneous GDA');
    expect(close(sim.norm, Math.SQRT2 * 1.01 ** 15)).toBe(true);
    expect(sim.trajectory).toHaveLength(4); // every 10: steps 0, 10, 20, 30
  });

  it('--json prints counts of statuses and the median final norm per run for a batch of starts', async () => {
    const out = await saddleJson<{ runs: Record<string, number | string>[] }>(['run', 'xy-grid', '--json']);
    expect(out.runs.map((r) => r.label)).toEqual(['extragradient, η = 0.5', 'extragradient, η = 1.2', 'optimistic GDA, η = 0.5', 'optimistic GDA, η = 0.7']);
    for (const run of out.runs) {
      expect(Object.keys(run).sort()).toEqual(['converged', 'diverged', 'label', 'medianNorm', 'points', 'running']);
      expect((run.converged as number) + (run.diverged as number) + (run.running as number)).toBe(4096);
    }
    // extragradient converges iff η < 1, optimistic GDA iff η < 1/√3
    expect(out.runs.map((r) => [r.converged, r.diverged])).toEqual([
      [4096, 0],
      [0, 4096],
      [4096, 0],
      [0, 4096],
    ]);
  });

  it('flags override the file: --optimizer replaces its runs, --init its start, --steps its length', async () => {
    const out = await saddleJson<{ runs: (One & { label: string })[] }>(['run', 'dirac-gan', '--optimizer', 'eg', '--lr', '0.2', '--init', '0.5,0.5', '--steps', '7', '--json']);
    expect(out.runs).toHaveLength(1);
    expect(out.runs[0].label).toBe('eg (η = 0.2)');
    expect(out.runs[0].step).toBe(7);
    expect(out.runs[0].trajectory![0]).toEqual([0.5, 0.5]);
  });

  it('--lr applies to every optimizer run of the file, --dt to every integrator run', async () => {
    const out = await saddleJson<{ runs: (One & { label: string })[] }>(['run', 'xy', '--lr', '0.2', '--dt', '0.2', '--steps', '10', '--json']);
    expect(close(out.runs[0].norm, Math.SQRT2 * 1.04 ** 5)).toBe(true);
    expect(out.runs.at(-1)!.label).toBe('gradient flow (rk45)');
  });

  it('--out writes a batch as run,point,step,… rows: the start and each point’s final state when no frames were recorded', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'small.json'),
      JSON.stringify({ title: 'small', description: 'a 2 × 3 grid', game: { name: 'bilinear' }, init: { grid: [2, 3], box: [-1, 1] }, steps: 5, every: 0, runs: [{ optimizer: 'eg' }] }),
    );
    const r = await saddle(['run', 'small.json', '--out', 'small.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, 'small.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('run,point,step,x,y');
    expect(lines).toHaveLength(1 + 2 * 6);
    expect(lines[1]).toBe('eg (η = 0.1),0,0,-1,-1');
    expect(lines[7].startsWith('eg (η = 0.1),0,5,')).toBe(true);
  });
});
