/**
 * `saddle gan`, in-process on the cpu backend with a small model: --json has exactly the documented keys, the run is
 * reproducible from its seed, bad input exits 2 with one line naming the flag, and the progress bar goes to stderr.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { createTrainer } from '../../gan/train.ts';
import { saddle, saddleJson } from './harness.ts';

const small = ['--backend', 'cpu', '--hidden', '6', '--batch', '16', '--steps', '20', '--every', '10'];

describe('saddle gan --json', () => {
  it('prints exactly {modes, highQuality, reverseKl, steps, stepsPerSecond, backend} for a mixture', async () => {
    const r = await saddle(['gan', '--dataset', 'ring8', '--loss', 'nsgan', '--optimizer', 'adam', '--lr', '1e-3', '--seed', '1', ...small, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['modes', 'highQuality', 'reverseKl', 'steps', 'stepsPerSecond', 'backend']);
    expect(out.steps).toBe(20);
    expect(out.backend).toBe('cpu');
    expect(Number.isInteger(out.modes) && (out.modes as number) >= 0 && (out.modes as number) <= 8).toBe(true);
    expect(out.highQuality).toBeGreaterThanOrEqual(0);
    expect(out.highQuality).toBeLessThanOrEqual(1);
    expect(out.stepsPerSecond).toBeGreaterThan(0);
  });

  it('gives the same modes, high quality and reverse KL for the same seed (per-player lr, kd, regularizer, latent)', async () => {
    const argv = ['gan', '--dataset', 'grid25', '--loss', 'gan', '--reg', 'r1', '--gamma', '0.1', '--optimizer', 'momentum', '--opt', 'beta=-0.3', '--lr', '0.01,0.02', '--kd', '2', '--latent', 'uniform', '--seed', '4', ...small, '--json'];
    const [a, b] = [await saddleJson(argv), await saddleJson(argv)];
    const strip = (o: Record<string, unknown>) => ({ ...o, stepsPerSecond: 0 });
    expect(strip(a)).toEqual(strip(b));
  });

  it('--fourier F,SCALE,input and --data-scale S train the networks they name: the numbers of that configuration in-process', async () => {
    const out = await saddleJson(['gan', '--dataset', 'grid25', '--seed', '2', '--fourier', '8,0.5,input', '--data-scale', '2', ...small, '--json']);
    await useBackend('cpu');
    const fourier = { features: 8, scale: 0.5, includeInput: true };
    const t = createTrainer({ dataset: 'grid25', seed: 2, batch: 16, generator: { hidden: [6], outputScale: 2 }, discriminator: { hidden: [6], inputScale: 2, fourier } });
    t.train(20);
    const { modes, highQuality, reverseKl } = t.score().modes!;
    t.dispose();
    expect({ modes: out.modes, highQuality: out.highQuality, reverseKl: out.reverseKl }).toEqual({ modes, highQuality, reverseKl });
  });

  it('prints {slicedWasserstein, steps, stepsPerSecond, backend} for data without modes', async () => {
    const out = await saddleJson(['gan', '--dataset', 'two-moons', '--loss', 'hinge', '--optimizer', 'eg', '--lr', '0.01', ...small, '--json']);
    expect(Object.keys(out)).toEqual(['slicedWasserstein', 'steps', 'stepsPerSecond', 'backend']);
    expect(out.slicedWasserstein).toBeGreaterThan(0);
  });

  it('without --json prints a summary with the modes and the optimizer', async () => {
    const r = await saddle(['gan', '--dataset', 'ring8', '--optimizer', 'altgda', '--lr', '0.01', ...small]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/modes\s+\d of 8/);
    expect(r.stdout).toMatch(/high quality\s+[\d.]+%/);
    expect(r.stdout).toMatch(/altgda/);
  });
});

describe('saddle gan: bad input exits 2 with one line that names the flag', () => {
  it.each([
    [['--dataset', 'ring9'], /^saddle: --dataset: unknown dataset "ring9"/],
    [['--lr', '-1'], /^saddle: --lr: expected a positive number/],
    [['--lr', '0.1,0.2,0.3'], /^saddle: --lr: expected 1 value or 2/],
    [['--loss', 'wasserstein'], /^saddle: --loss: invalid option/i],
    [['--reg', 'r3'], /^saddle: --reg: /],
    [['--optimizer', 'sga'], /^saddle: --optimizer: sga needs Jacobian-vector products/],
    [['--optimizer', 'adam', '--opt', 'beta3=1'], /^saddle: --opt: .*unknown option "beta3"/],
    [['--backend', 'webgpu'], /^saddle: --backend: unknown backend "webgpu"/],
    [['--kd', '0'], /^saddle: --kd: expected an integer ≥ 1/],
    [['--pack', '3'], /^saddle: --pack: the batch \(256\) must be a multiple of pack \(3\)/],
    [['--pack', '0'], /^saddle: --pack: expected an integer ≥ 1/],
    [['--hidden', '4,x'], /^saddle: --hidden: /],
    [['--activation', 'swish'], /^saddle: --activation: /],
    [['--latent', 'cauchy'], /^saddle: --latent: /],
    [['--gamma', '-1', '--reg', 'r1'], /^saddle: --gamma: /],
    [['--optimizer', 'adam,eg'], /^saddle: --optimizer: .*eg cannot be one player’s rule in "adam,eg"/],
    [['--optimizer', 'adam,simgda,ogda'], /^saddle: --optimizer: .*expected 1 name or 2 \(one per player\), got 3/],
    [['--optimizer', 'simgda,momentum', '--opt', 'beta1=0.5'], /^saddle: --opt: .*unknown option "beta1"/],
    [['--fourier', '64'], /^saddle: --fourier: expected features,scale/],
    [['--fourier', '64,1,x'], /^saddle: --fourier: the third item can only be "input"/],
    [['--fourier', '0,1'], /^saddle: --fourier: expected an integer ≥ 1/],
    [['--fourier', '8,-2'], /^saddle: --fourier: expected a positive number/],
    [['--data-scale', '0'], /^saddle: --data-scale: expected a positive number/],
    [['--fourier', '8,1', '--dataset', 'mnist'], /^saddle: --fourier: /],
  ])('%o', async (flags, message) => {
    const r = await saddle(['gan', '--backend', 'cpu', '--steps', '2', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('saddle gan --optimizer G,D', () => {
  it('trains the generator and the discriminator each on its own optimizer, and says so', async () => {
    const r = await saddle(['gan', '--dataset', 'ring8', '--optimizer', 'adam,simgda', '--lr', '1e-3,0.05', '--opt', 'beta1=0.5', ...small]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/optimizer\s+adam,simgda \(adam: η = 0\.001, β₁ = 0\.5, β₂ = 0\.999; simgda: η = 0\.05\)/);
  });

  it('a pair of one name is that optimizer: the same numbers as the single name', async () => {
    const run = (optimizer: string) => saddleJson(['gan', '--dataset', 'ring8', '--optimizer', optimizer, '--lr', '2e-3', '--seed', '2', ...small, '--json']);
    const strip = (o: Record<string, unknown>) => ({ ...o, stepsPerSecond: 0 });
    expect(strip(await run('ogda,ogda'))).toEqual(strip(await run('ogda')));
  });
});

describe('saddle gan progress', () => {
  it('draws a progress bar on a terminal stderr for a long run, and none when stderr is not a terminal', async () => {
    const argv = ['gan', ...small, '--steps', '30', '--json'];
    const tty = await saddle(argv, { tty: true, progressThreshold: 1 });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/step \d+\/30/);
    const pipe = await saddle(argv, { progressThreshold: 1 });
    expect(pipe.stderr).toBe('');
  });
});

describe('saddle gan --checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-gan-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = ['gan', '--dataset', 'ring8', '--optimizer', 'adam', '--lr', '2e-3', '--seed', '5', '--backend', 'cpu', '--hidden', '6', '--batch', '16', '--every', '5'];
  const strip = (o: Record<string, unknown>) => ({ ...o, stepsPerSecond: 0 });

  it('saves at the end and resumes when the file exists: 10 + 10 steps give what 20 straight steps give', async () => {
    const straight = await saddleJson([...base, '--steps', '20', '--json']);
    const file = join(dir, 'run.json');
    const first = await saddleJson([...base, '--steps', '10', '--checkpoint', file, '--json']);
    expect(first.steps).toBe(10);
    expect(existsSync(file) && existsSync(join(dir, 'run.weights.bin'))).toBe(true);
    // Resuming needs no flags but the file (the saved configuration is used); relative to the working folder.
    const resumed = await saddleJson(['gan', '--backend', 'cpu', '--steps', '10', '--checkpoint', 'run.json', '--json'], { cwd: dir });
    expect(strip(resumed)).toEqual(strip(straight));
  });

  it('a flag that contradicts the saved configuration exits 2 naming it; a corrupted file exits 2', async () => {
    const file = join(dir, 'other.json');
    await saddleJson([...base, '--steps', '2', '--checkpoint', file, '--json']);
    const r = await saddle([...base, '--lr', '1e-3', '--steps', '2', '--checkpoint', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^saddle: --checkpoint .*other\.json: it was saved with lr 0\.002, --lr asks for 0\.001; a resumed run keeps the configuration/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, 'not json');
    const c = await saddle([...base, '--steps', '2', '--checkpoint', bad]);
    expect(c.code).toBe(2);
    expect(c.stderr.trim().split('\n')).toHaveLength(1);
    expect(c.stderr).toMatch(/^saddle: --checkpoint .*bad\.json: not a checkpoint: its JSON does not parse/);
    const nowhere = await saddle([...base, '--steps', '2', '--checkpoint', join(dir, 'no', 'such', 'x.json')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/folder .* does not exist/);
  });
});
