/**
 * `saddle gan`: trains a GAN on a 2-D (or 1-D) data set with any optimizer of src/optim, headless, and reports the
 * mode-collapse metrics. tfjs and the trainer (gan/) are loaded only when the command runs, so the other commands
 * start without them.
 *
 * `--json` prints exactly {"modes", "highQuality", "reverseKl", "steps", "stepsPerSecond", "backend"} for Gaussian
 * mixtures (ring8, grid25, mixture1d) and {"slicedWasserstein", "steps", "stepsPerSecond", "backend"} otherwise;
 * plus "stopped" (a message) when a non-finite loss ended training early.
 */
import type { Command } from 'commander';
import { InputError, show } from '../errors.ts';
import { collect, parseInteger, parseKeyValues, parseNumber, parseRates } from './args.ts';
import { fmt, table } from './format.ts';
import type { Io } from './io.ts';
import { toJson } from './json.ts';
import { progressBar } from './progress.ts';

interface GanFlags {
  dataset?: string;
  loss?: string;
  reg?: string;
  gamma?: string;
  sigma?: string;
  clip?: string;
  optimizer?: string;
  lr?: string;
  opt?: string[];
  kd?: string;
  batch?: string;
  latent?: string;
  latentDim?: string;
  hidden?: string;
  activation?: string;
  steps?: string;
  seed?: string;
  every?: string;
  backend?: string;
  checkpoint?: string;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ saddle gan --dataset ring8 --loss nsgan --optimizer adam --lr 1e-3 --steps 2000 --seed 1 --backend wasm
  $ saddle gan --dataset grid25 --loss gan --optimizer simgda --lr 0.05 --steps 5000 --json
  $ saddle gan --dataset ring8 --loss nsgan --reg r1 --gamma 0.1 --optimizer adam --opt beta1=0.5 --kd 2
  $ saddle gan --dataset two-moons --loss wgan-gp --optimizer adam --lr 1e-4,1e-3 --kd 5 --steps 3000
  $ saddle gan --dataset ring8 --loss nsgan --optimizer consensus --opt gamma=1 --lr 0.01
  $ saddle gan --dataset ring8 --optimizer adam --steps 1000 --checkpoint run.json   (again: 1000 more steps)

The generator (player 0) minimizes its loss, the discriminator (player 1) its own; --lr G,D gives each its rate.
One step is one generator update; the discriminator takes --kd updates per step. Models default to GAN Lab's size:
2-14-14-2 and 2-14-14-1 with ReLU (--hidden, --activation, --latent-dim change both networks).
--json prints {"modes": n, "highQuality": fraction, "reverseKl": x, "steps": n, "stepsPerSecond": x, "backend": name}
for Gaussian mixtures (ring8, grid25, mixture1d: 2,500 samples, the PacGAN protocol), and
{"slicedWasserstein": x, "steps", "stepsPerSecond", "backend"} for the other data sets; "stopped" is added when a
non-finite loss stopped training (the parameters of the last finite check are the ones scored).
--checkpoint FILE saves config, weights, optimizer state, step count and random streams at the end (FILE in tf.io's
model.json layout, the weights in FILE's name + .weights.bin); if FILE exists, training resumes from it and continues
exactly as one uninterrupted run of the same seed: --steps more steps, the saved configuration (a flag that contradicts
it is an error; --every may change). A run stopped by a non-finite loss does not overwrite FILE.
Exit codes: 0 done, 2 bad input (one line on stderr), 1 a bug.`;

export function ganCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('gan')
    .summary('train a GAN on a 2-D mixture with any optimizer and report mode collapse')
    .description('Train a generator and a discriminator (tfjs, headless) on a toy data set and report modes captured, high-quality samples and reverse KL.')
    .option('--dataset <name>', 'ring8 | grid25 | spiral | two-moons | line | mixture1d (default ring8)')
    .option('--loss <name>', 'gan | nsgan | wgan | wgan-clip | wgan-gp | hinge | lsgan (default nsgan)')
    .option('--reg <name>', 'none | r1 | r2 | instance-noise (default none)')
    .option('--gamma <g>', 'weight γ of r1 / r2 (default 1)')
    .option('--sigma <s>', 'std σ of instance noise (default 0.1)')
    .option('--clip <c>', 'wgan-clip bound on the discriminator’s weights (default 0.01)')
    .option('--optimizer <name>', 'any optimizer of saddle list optimizers except sga and proximal (default adam)')
    .option('--lr <eta>', 'learning rate; "G,D" gives one per player (default 1e-3)')
    .option('--opt <key=value>', 'an optimizer option, e.g. beta1=0.5 or alternating=true; repeat for several', collect)
    .option('--kd <n>', 'discriminator steps per generator step (default 1)')
    .option('--batch <b>', 'minibatch size (default 256)')
    .option('--latent <prior>', 'uniform | gaussian (default gaussian)')
    .option('--latent-dim <d>', 'latent dimension (default 2)')
    .option('--hidden <w1,w2,...>', 'hidden widths of both networks (default 14,14)')
    .option('--activation <name>', 'relu | leaky-relu | tanh | elu (default relu)')
    .option('--steps <n>', 'generator steps (default 2000)')
    .option('--seed <s>', 'seed of initialization, data and latent codes (default 0)')
    .option('--every <k>', 'read losses and check them for NaN every k steps (default 100)')
    .option('--backend <name>', 'cpu | wasm (default wasm)')
    .option('--checkpoint <file>', 'save a checkpoint at the end; resume from it if it exists')
    .option('--json', 'print JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: GanFlags) => setCode(await runGan(flags, io)));
}

/** Which flag a config path came from, for errors. */
const FLAG_OF: Record<string, string> = {
  dataset: '--dataset',
  loss: '--loss',
  regularizer: '--reg',
  gamma: '--gamma',
  sigma: '--sigma',
  clip: '--clip',
  optimizer: '--optimizer',
  lr: '--lr',
  options: '--opt',
  kd: '--kd',
  batch: '--batch',
  seed: '--seed',
  metricsEvery: '--every',
};

/** The configuration the flags describe (numbers read strictly; names checked by the trainer's schema). */
function configFromFlags(f: GanFlags): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (f.dataset !== undefined) config.dataset = f.dataset;
  if (f.loss !== undefined) config.loss = f.loss;
  if (f.reg !== undefined) config.regularizer = f.reg;
  if (f.gamma !== undefined) config.gamma = parseNumber('--gamma', f.gamma);
  if (f.sigma !== undefined) config.sigma = parseNumber('--sigma', f.sigma);
  if (f.clip !== undefined) config.clip = parseNumber('--clip', f.clip, 'positive');
  if (f.optimizer !== undefined) config.optimizer = f.optimizer;
  if (f.lr !== undefined) {
    const lr = parseRates('--lr', f.lr);
    if (Array.isArray(lr) && lr.length !== 2) throw new InputError('--lr', `expected 1 value or 2 (generator, discriminator), got ${lr.length}`);
    config.lr = lr;
  }
  if (f.opt !== undefined) config.options = parseKeyValues('--opt', f.opt);
  if (f.kd !== undefined) config.kd = parseInteger('--kd', f.kd, 1);
  if (f.batch !== undefined) config.batch = parseInteger('--batch', f.batch, 1);
  if (f.latent !== undefined || f.latentDim !== undefined) {
    config.latent = {
      ...(f.latent !== undefined ? { prior: f.latent } : {}),
      ...(f.latentDim !== undefined ? { dim: parseInteger('--latent-dim', f.latentDim, 1) } : {}),
    };
  }
  if (f.hidden !== undefined || f.activation !== undefined) {
    const net = {
      ...(f.hidden !== undefined ? { hidden: f.hidden.split(',').map((w) => parseInteger('--hidden', w, 1)) } : {}),
      ...(f.activation !== undefined ? { activation: f.activation } : {}),
    };
    config.generator = net;
    config.discriminator = net;
  }
  if (f.seed !== undefined) config.seed = parseInteger('--seed', f.seed, 0);
  if (f.every !== undefined) config.metricsEvery = parseInteger('--every', f.every, 1);
  return config;
}

/** The flag that sets a config path, if one does. */
function flagOf(path: readonly PropertyKey[]): string | undefined {
  const [key, sub] = [String(path[0]), path[1]];
  const network = key === 'generator' || key === 'discriminator';
  return key === 'latent' ? (sub === 'dim' ? '--latent-dim' : '--latent') : network ? (sub === 'activation' ? '--activation' : '--hidden') : FLAG_OF[key];
}

/** An error of the config schema, renamed after the flag that set the value. */
function asFlagError(e: unknown): unknown {
  if (!(e instanceof InputError) || !e.path?.length) return e;
  const flag = flagOf(e.path);
  return flag ? new InputError(flag, e.what, e.path, e.at) : e;
}

/** A checkpoint's error (`checkpoint /abs/path, …: what`) under the flag and the file name as given. */
function asCheckpointError(e: unknown, file: string): unknown {
  if (!(e instanceof InputError) || !e.where.startsWith('checkpoint')) return e;
  return new InputError(e.where.replace(/^checkpoint( [^,]*)?/, `--checkpoint ${file}`), e.what, e.path, e.at);
}

/** Where --checkpoint points (resolved against the working folder), and whether it exists; its folder must. */
async function checkpointPlan(file: string, io: Io): Promise<{ path: string; exists: boolean }> {
  const [{ existsSync, statSync }, { dirname, resolve }] = await Promise.all([import('node:fs'), import('node:path')]);
  const path = resolve(io.cwd ?? process.cwd(), file);
  if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory()) throw new InputError(`--checkpoint ${file}`, `folder ${dirname(path)} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`--checkpoint ${file}`, 'is a folder; give a file name');
  return { path, exists: existsSync(path) };
}

export async function runGan(flags: GanFlags, io: Io): Promise<number> {
  const config = configFromFlags(flags);
  const steps = flags.steps === undefined ? 2000 : parseInteger('--steps', flags.steps, 1);
  const backendName = flags.backend ?? 'wasm';
  const [{ useBackend }, { createTrainer }] = await Promise.all([import('../../gan/backend.ts'), import('../../gan/train.ts')]);
  const checkpoint = flags.checkpoint === undefined ? undefined : await checkpointPlan(flags.checkpoint, io);
  let trainer;
  try {
    const { parseGanConfig } = await import('../../gan/config.ts');
    parseGanConfig(config);
    await useBackend(backendName).catch((e: unknown) => {
      throw e instanceof InputError ? new InputError('--backend', e.what) : e;
    });
    if (checkpoint?.exists) {
      const { configDifference, loadTrainer, readCheckpoint } = await import('../../gan/checkpoint.ts');
      const file = flags.checkpoint!;
      try {
        const saved = await readCheckpoint(checkpoint.path);
        const diff = configDifference(saved.config, config);
        if (diff) {
          const flag = flagOf(diff.path) ?? diff.path.join('.');
          throw new InputError(
            `--checkpoint ${file}`,
            `it was saved with ${diff.path.join('.')} ${show(diff.saved)}, ${flag} asks for ${show(diff.given)}; a resumed run keeps the configuration it was saved with (drop ${flag}, or give another file)`,
          );
        }
        trainer = await loadTrainer(checkpoint.path, config.metricsEvery === undefined ? {} : { metricsEvery: config.metricsEvery as number });
      } catch (e) {
        throw asCheckpointError(e, file);
      }
    } else {
      trainer = createTrainer(config);
    }
  } catch (e) {
    throw asFlagError(e);
  }
  try {
    const work = steps * trainer.config.batch * (trainer.generator.size + trainer.discriminator.size) * trainer.config.kd;
    const bar = progressBar(io, work, steps);
    let result;
    try {
      result = trainer.train(steps, { onProgress: (s) => bar.update(s, `${trainer.config.loss}, ${trainer.optimizer.label}`) });
    } finally {
      bar.stop();
    }
    if (checkpoint && !result.stopped) {
      try {
        await trainer.save(checkpoint.path);
      } catch (e) {
        throw asCheckpointError(e, flags.checkpoint!);
      }
    }
    const score = trainer.score();
    const stopped = result.stopped ? { stopped: result.stopped.message } : {};
    if (result.stopped) io.stderr.write(`saddle gan: ${result.stopped.message}${checkpoint ? `; checkpoint ${flags.checkpoint} not written` : ''}\n`);
    const common = { steps: result.steps, stepsPerSecond: result.stepsPerSecond, backend: trainer.backend };
    if (flags.json) {
      const out = score.modes
        ? { modes: score.modes.modes, highQuality: score.modes.highQuality, reverseKl: score.modes.reverseKl, ...common, ...stopped }
        : { slicedWasserstein: score.slicedWasserstein, ...common, ...stopped };
      io.stdout.write(`${toJson(out)}\n`);
    } else {
      const last = result.history.at(-1);
      const rows: string[][] = [
        ['data', `${trainer.data.name}: ${trainer.data.description}`],
        ['loss', `${trainer.config.loss}${trainer.config.regularizer === 'none' ? '' : ` + ${trainer.config.regularizer}`}`],
        ['optimizer', `${trainer.optimizer.label}${trainer.config.kd > 1 ? `, ${trainer.config.kd} D steps per G step` : ''}`],
        ['steps', `${result.steps} (${fmt(result.stepsPerSecond)} steps/s on ${trainer.backend})`],
      ];
      if (last) rows.push(['losses', `G ${fmt(last.lossG)}, D ${fmt(last.lossD)}; gradient norms G ${fmt(last.gradNormG)}, D ${fmt(last.gradNormD)}`]);
      if (score.modes) {
        const m = score.modes;
        rows.push(['modes', `${m.modes} of ${trainer.data.modes!.centers.length}`]);
        rows.push(['high quality', `${(100 * m.highQuality).toFixed(1)}%`]);
        rows.push(['reverse KL', fmt(m.reverseKl)]);
      }
      rows.push(['sliced W₂', fmt(score.slicedWasserstein)]);
      io.stdout.write(`${table(rows)}\n`);
    }
    return 0;
  } finally {
    trainer.dispose();
  }
}
