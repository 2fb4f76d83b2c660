/**
 * `saddle gan`: trains a GAN on a 2-D (or 1-D) data set with any optimizer of src/optim, headless, and reports the
 * mode-collapse metrics. tfjs and the trainer (gan/) are loaded only when the command runs, so the other commands
 * start without them.
 *
 * `--json` prints exactly {"modes", "highQuality", "reverseKl", "steps", "stepsPerSecond", "backend"} for Gaussian
 * mixtures (ring8, grid25, mixture1d), the digit metrics {"digits", "entropy", "reverseKl", "histogram",
 * ["conditionalAccuracy"], "steps", "stepsPerSecond", "backend"} for mnist, and {"slicedWasserstein", "steps",
 * "stepsPerSecond", "backend"} otherwise; plus "stopped" (a message) when a non-finite loss ended training early.
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
  pack?: string;
  batch?: string;
  latent?: string;
  latentDim?: string;
  hidden?: string;
  activation?: string;
  fourier?: string;
  dataScale?: string;
  steps?: string;
  seed?: string;
  every?: string;
  backend?: string;
  checkpoint?: string;
  preset?: string;
  listPresets?: boolean;
  json?: boolean;
  model?: string;
  conditional?: boolean;
  samples?: string;
}

const EXAMPLES = `
Examples:
  $ saddle gan --dataset ring8 --loss nsgan --optimizer adam --lr 1e-3 --steps 2000 --seed 1 --backend wasm
  $ saddle gan --dataset grid25 --loss gan --optimizer simgda --lr 0.05 --steps 5000 --json
  $ saddle gan --dataset ring8 --loss nsgan --reg r1 --gamma 0.1 --optimizer adam --opt beta1=0.5 --kd 2
  $ saddle gan --dataset two-moons --loss wgan-gp --optimizer adam --lr 1e-4,1e-3 --kd 5 --steps 3000
  $ saddle gan --dataset ring8 --loss nsgan --optimizer consensus --opt gamma=1 --lr 0.01
  $ saddle gan --dataset ring8 --optimizer adam,simgda --lr 1e-3,0.05 --opt beta1=0.5   (G on Adam, D on SGD)
  $ saddle gan --dataset ring8 --optimizer adam --steps 1000 --checkpoint run.json   (again: 1000 more steps)
  $ saddle gan --list-presets
  $ saddle gan --preset mode-collapse --seed 1          (then --preset alternating: the same, players in turn)
  $ saddle gan --preset coverage --dataset grid25 --steps 5000

A preset (--list-presets) is a named configuration that shows one of the lecture's phenomena (mode collapse,
oscillation, vanishing generator gradients) or a cure of one, with the step budget it was measured at; any other
flag overrides its value (--hidden, --activation and --opt change one field and keep the preset's others).

The generator (player 0) minimizes its loss, the discriminator (player 1) its own; --lr G,D gives each its rate,
--optimizer G,D each its optimizer (simgda, altgda, ogda, momentum and adam mix; play alternates if either player
alternates: altgda, or --opt alternating=true; --opt keys go to the player(s) whose optimizer has them).
One step is one generator update; the discriminator takes --kd updates per step. Models default to GAN Lab's size:
2-14-14-2 and 2-14-14-1 with ReLU (--hidden, --activation, --latent-dim change both networks).
--fourier F,SCALE gives the discriminator F random Fourier features of its input (cos and sin of 2πxB, B ~ N(0, SCALE²),
SCALE in cycles per unit: Tancik et al. 2020) so that it resolves detail 1/SCALE wide; --fourier F,SCALE,input keeps
the input x beside them (so D can still tell points far outside the data); --data-scale S lets both networks
work on the data divided by S (G's output times S, D's input divided by S, before the Fourier features).
--json prints {"modes": n, "highQuality": fraction, "reverseKl": x, "steps": n, "stepsPerSecond": x, "backend": name}
for Gaussian mixtures (ring8, grid25, mixture1d: 2,500 samples, the PacGAN protocol), and
{"slicedWasserstein": x, "steps", "stepsPerSecond", "backend"} for the other data sets; "stopped" is added when a
non-finite loss stopped training (the parameters of the last finite check are the ones scored).
--checkpoint FILE saves config, weights, optimizer state, step count and random streams at the end (FILE in tf.io's
model.json layout, the weights in FILE's name + .weights.bin); if FILE exists, training resumes from it and continues
exactly as one uninterrupted run of the same seed: --steps more steps, the saved configuration (a flag that contradicts
it is an error; --every may change). A run stopped by a non-finite loss does not overwrite FILE.
MNIST (--dataset mnist): DCGAN networks by default (--model mlp for MLPs), images in [−1, 1]; --conditional trains an
AC-GAN (G(z, y), D with class logits); the shipped digit classifier (96.7% on held-out digits) reads 2,500 samples:
--json prints {"digits": captured (≥ 1% of samples each), "entropy": nats (log 10 = 2.303 is uniform), "reverseKl",
"histogram": [10 counts], "conditionalAccuracy" (conditional only), "steps", "stepsPerSecond", "backend"};
--samples FILE.png writes a 10 × 10 grid of samples (conditional: column k is digit k).
  $ saddle gan --dataset mnist --optimizer adam --lr 2e-4 --opt beta1=0.5 --batch 64 --steps 2000 --samples grid.png
  $ saddle gan --dataset mnist --conditional --lr 2e-3 --opt beta1=0.5 --batch 32 --steps 300 --json
Exit codes: 0 done, 2 bad input (one line on stderr), 1 a bug.`;

export function ganCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('gan')
    .summary('train a GAN on a 2-D mixture with any optimizer and report mode collapse')
    .description('Train a generator and a discriminator (tfjs, headless) on a toy data set and report modes captured, high-quality samples and reverse KL.')
    .option('--dataset <name>', 'ring8 | grid25 | spiral | two-moons | line | mixture1d | mnist (default ring8)')
    .option('--model <kind>', 'mlp | dcgan: both networks (default dcgan for mnist, mlp otherwise)')
    .option('--conditional', 'AC-GAN: condition G on digit labels, D predicts them (mnist)')
    .option('--samples <file>', 'write a PNG grid of 100 generated images (mnist)')
    .option('--loss <name>', 'gan | nsgan | wgan | wgan-clip | wgan-gp | hinge | lsgan (default nsgan)')
    .option('--reg <name>', 'none | r1 | r2 | instance-noise (default none)')
    .option('--gamma <g>', 'weight γ of r1 / r2 (default 1)')
    .option('--sigma <s>', 'std σ of instance noise (default 0.1)')
    .option('--clip <c>', 'wgan-clip bound on the discriminator’s weights (default 0.01)')
    .option('--optimizer <name>', 'any optimizer of saddle list optimizers except sga and proximal, or "G,D" one per player (default adam)')
    .option('--lr <eta>', 'learning rate; "G,D" gives one per player (default 1e-3)')
    .option('--opt <key=value>', 'an optimizer option, e.g. beta1=0.5 or alternating=true; repeat for several', collect)
    .option('--kd <n>', 'discriminator steps per generator step (default 1)')
    .option('--pack <m>', 'PacGAN packing: the discriminator judges m samples at once; --batch must be a multiple (default 1)')
    .option('--batch <b>', 'minibatch size (default 256)')
    .option('--latent <prior>', 'uniform | gaussian (default gaussian)')
    .option('--latent-dim <d>', 'latent dimension (default 2)')
    .option('--hidden <w1,w2,...>', 'hidden widths of both networks (default 14,14)')
    .option('--activation <name>', 'relu | leaky-relu | tanh | elu (default relu)')
    .option('--fourier <f,scale[,input]>', 'the discriminator reads f random Fourier features of its input, scale in cycles per unit (an MLP); ",input": the input too')
    .option('--data-scale <s>', 'the networks work on the data divided by s: G’s output times s, D’s input divided by s (MLPs)')
    .option('--steps <n>', 'generator steps (default 2000, or the preset\'s)')
    .option('--seed <s>', 'seed of initialization, data and latent codes (default 0)')
    .option('--every <k>', 'read losses and check them for NaN every k steps (default 100)')
    .option('--backend <name>', 'cpu | wasm (default wasm)')
    .option('--checkpoint <file>', 'save a checkpoint at the end; resume from it if it exists')
    .option('--preset <name>', 'start from a named preset (see --list-presets); the other flags override it')
    .option('--list-presets', 'list the presets (with --json: as JSON) and exit')
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
  pack: '--pack',
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
  if (f.pack !== undefined) config.pack = parseInteger('--pack', f.pack, 1);
  if (f.batch !== undefined) config.batch = parseInteger('--batch', f.batch, 1);
  if (f.latent !== undefined || f.latentDim !== undefined) {
    config.latent = {
      ...(f.latent !== undefined ? { prior: f.latent } : {}),
      ...(f.latentDim !== undefined ? { dim: parseInteger('--latent-dim', f.latentDim, 1) } : {}),
    };
  }
  // MNIST defaults to DCGAN networks unless MLP flags are given.
  const model = f.model ?? (f.dataset === 'mnist' && f.hidden === undefined && f.activation === undefined ? 'dcgan' : undefined);
  if (model !== undefined && model !== 'mlp' && model !== 'dcgan') throw new InputError('--model', `expected mlp or dcgan, got ${show(model)}`);
  if (f.hidden !== undefined || f.activation !== undefined || model !== undefined) {
    const net = {
      ...(model !== undefined ? { kind: model } : {}),
      ...(f.hidden !== undefined ? { hidden: f.hidden.split(',').map((w) => parseInteger('--hidden', w, 1)) } : {}),
      ...(f.activation !== undefined ? { activation: f.activation } : {}),
    };
    config.generator = net;
    config.discriminator = net;
  }
  for (const [flag, given] of [['--fourier', f.fourier], ['--data-scale', f.dataScale]] as const) {
    if (given !== undefined && model === 'dcgan') throw new InputError(flag, `is for MLP networks; ${f.model === 'dcgan' ? '--model dcgan' : 'mnist'} trains DCGAN networks (add --model mlp)`);
  }
  if (f.fourier !== undefined) config.discriminator = { ...(config.discriminator as object | undefined), fourier: parseFourier(f.fourier) };
  if (f.dataScale !== undefined) {
    const scale = parseNumber('--data-scale', f.dataScale, 'positive');
    config.generator = { ...(config.generator as object | undefined), outputScale: scale };
    config.discriminator = { ...(config.discriminator as object | undefined), inputScale: scale };
  }
  if (f.conditional) config.conditional = true;
  if (f.seed !== undefined) config.seed = parseInteger('--seed', f.seed, 0);
  if (f.every !== undefined) config.metricsEvery = parseInteger('--every', f.every, 1);
  return config;
}

/** `--fourier f,scale[,input]`: a whole number of features, a positive scale, and `input` to read x beside them. */
function parseFourier(raw: string): { features: number; scale: number; includeInput: boolean } {
  const parts = raw.split(',');
  if (parts.length < 2 || parts.length > 3) throw new InputError('--fourier', `expected features,scale or features,scale,input (e.g. 64,1,input), got ${show(raw)}`);
  if (parts.length === 3 && parts[2].trim() !== 'input') throw new InputError('--fourier', `the third item can only be "input" (read x beside the features), got ${show(parts[2])}`);
  return { features: parseInteger('--fourier', parts[0], 1), scale: parseNumber('--fourier', parts[1], 'positive'), includeInput: parts.length === 3 };
}

/** The flag that sets a config path, if one does. */
function flagOf(path: readonly PropertyKey[]): string | undefined {
  const [key, sub] = [String(path[0]), path[1]];
  const network = key === 'generator' || key === 'discriminator';
  if (key === 'conditional') return '--conditional';
  return key === 'latent' ? (sub === 'dim' ? '--latent-dim' : '--latent') : network ? (sub === 'activation' ? '--activation' : sub === 'kind' ? '--model' : sub === 'fourier' ? '--fourier' : sub === 'inputScale' || sub === 'outputScale' ? '--data-scale' : '--hidden') : FLAG_OF[key];
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

/** The flags that give a configuration the same values as `config` (a preset's): what `--list-presets` shows. */
export function flagsOf(config: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  const put = (flag: string, value: unknown) => value !== undefined && out.push(flag, Array.isArray(value) ? value.join(',') : String(value));
  put('--dataset', typeof config.dataset === 'string' ? config.dataset : undefined);
  put('--loss', config.loss);
  put('--reg', config.regularizer);
  put('--gamma', config.gamma);
  put('--sigma', config.sigma);
  put('--clip', config.clip);
  put('--optimizer', config.optimizer);
  put('--lr', config.lr);
  for (const [k, v] of Object.entries((config.options ?? {}) as Record<string, unknown>)) put('--opt', `${k}=${String(v)}`);
  put('--kd', config.kd);
  put('--pack', config.pack);
  put('--batch', config.batch);
  const latent = (config.latent ?? {}) as { prior?: string; dim?: number };
  put('--latent', latent.prior);
  put('--latent-dim', latent.dim);
  const net = (config.generator ?? config.discriminator ?? {}) as { hidden?: number[]; activation?: string };
  put('--hidden', net.hidden);
  put('--activation', net.activation);
  const d = (config.discriminator ?? {}) as { fourier?: { features: number; scale: number; includeInput?: boolean }; inputScale?: number };
  put('--fourier', d.fourier && `${d.fourier.features},${d.fourier.scale}${d.fourier.includeInput ? ',input' : ''}`);
  put('--data-scale', d.inputScale);
  return out;
}

/**
 * What of a preset's configuration no flag sets: a learning-rate or γ schedule, two different networks (the network flags
 * set both), batch norm, scales other than G's output and D's input by one number, a Fourier input on the generator.
 */
export function unflaggable(config: Readonly<Record<string, unknown>>): string[] {
  type Net = { hidden?: number[]; activation?: string; batchNorm?: boolean; outputScale?: number; inputScale?: number; fourier?: object };
  const [g, d] = [(config.generator ?? {}) as Net, (config.discriminator ?? {}) as Net];
  const out: string[] = [];
  if (config.lrDecay !== undefined) out.push('the learning-rate decay');
  if (config.gammaDecay !== undefined) out.push('the γ decay');
  if (String(g.hidden) !== String(d.hidden) || g.activation !== d.activation) out.push('different G and D networks');
  if (g.batchNorm || d.batchNorm) out.push('batch norm');
  if (g.outputScale !== d.inputScale || g.inputScale !== undefined || d.outputScale !== undefined) out.push('network scales other than one --data-scale');
  if (g.fourier) out.push('a Fourier input on G');
  return out;
}

/** `--list-presets`: each preset with what it shows and the flags it stands for; `--json` as one object. */
async function listPresets(flags: GanFlags, io: Io): Promise<number> {
  const { presets, presetNames } = await import('../../gan/presets.ts');
  if (flags.json) {
    io.stdout.write(`${toJson(Object.fromEntries(presetNames.map((n) => [n, presets[n]])), 2)}\n`);
    return 0;
  }
  const width = Math.max(...presetNames.map((n) => n.length));
  const pad = ' '.repeat(width + 4);
  const lines = presetNames.map((name) => {
    const p = presets[name];
    const cures = p.cures ? ` (cures ${p.cures.join(', ')})` : '';
    const missing = unflaggable(p.config as Record<string, unknown>);
    return [
      `  ${name.padEnd(width)}  ${p.description}`,
      `  ${pad}shows: ${p.shows}${cures}`,
      `  ${pad}${missing.length ? 'nearest flags' : 'same as'}: ${[...flagsOf(p.config as Record<string, unknown>), '--steps', String(p.steps)].join(' ')}`,
      ...(missing.length ? [`  ${pad}(no flag sets ${missing.join(', ')}: use --preset ${name})`] : []),
    ].join('\n');
  });
  io.stdout.write(`Presets (saddle gan --preset NAME; any other flag overrides the preset's value)\n${lines.join('\n')}\n`);
  return 0;
}

export async function runGan(flags: GanFlags, io: Io): Promise<number> {
  if (flags.listPresets) return listPresets(flags, io);
  const given = configFromFlags(flags);
  let presetSteps: number | undefined;
  let config = given;
  if (flags.preset !== undefined) {
    const { getPreset, withPreset } = await import('../../gan/presets.ts');
    try {
      presetSteps = getPreset(flags.preset).steps;
    } catch (e) {
      throw e instanceof InputError ? new InputError('--preset', e.what) : e;
    }
    config = withPreset(flags.preset, given);
  }
  const steps = flags.steps === undefined ? (presetSteps ?? 2000) : parseInteger('--steps', flags.steps, 1);
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
    // The MNIST digits load asynchronously, once, before a trainer is made on them (fresh or resumed).
    const { mnistDigits } = await import('../../gan/mnist.ts');
    const isMnist = (c: Record<string, unknown>) => c.dataset === 'mnist' || (typeof c.dataset === 'object' && (c.dataset as { name?: unknown } | null)?.name === 'mnist');
    if (isMnist(config)) await mnistDigits();
    if (checkpoint?.exists) {
      const { configDifference, loadTrainer, readCheckpoint } = await import('../../gan/checkpoint.ts');
      const file = flags.checkpoint!;
      try {
        const saved = await readCheckpoint(checkpoint.path);
        if (isMnist(saved.config as Record<string, unknown>)) await mnistDigits();
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
  const { isLabelled } = await import('../../gan/mnist.ts');
  const images = isLabelled(trainer.data) ? trainer.data : undefined;
  if (flags.samples !== undefined && !images) {
    trainer.dispose();
    throw new InputError('--samples', `writes images: it needs --dataset mnist, not ${trainer.data.name}`);
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
    const stopped = result.stopped ? { stopped: result.stopped.message } : {};
    if (result.stopped) io.stderr.write(`saddle gan: ${result.stopped.message}${checkpoint ? `; checkpoint ${flags.checkpoint} not written` : ''}\n`);
    const common = { steps: result.steps, stepsPerSecond: result.stepsPerSecond, backend: trainer.backend };
    if (images) {
      const { loadDigitClassifier } = await import('../../gan/classifier.ts');
      const classifier = await loadDigitClassifier();
      let digits;
      try {
        digits = trainer.scoreDigits(classifier);
      } finally {
        classifier.dispose();
      }
      if (flags.samples !== undefined) {
        const [{ sampleGrid }, { encodePng }, { writeFileSync }, { resolve }] = await Promise.all([
          import('../../gan/metrics.ts'),
          import('../../gan/png.ts'),
          import('node:fs'),
          import('node:path'),
        ]);
        const grid = sampleGrid(trainer.sample(100), images.side, { columns: 10 });
        try {
          writeFileSync(resolve(io.cwd ?? process.cwd(), flags.samples), encodePng(grid));
        } catch (e) {
          throw new InputError(`--samples ${flags.samples}`, `cannot write: ${(e as Error).message}`);
        }
      }
      const { conditionalAccuracy, ...spread } = digits;
      if (flags.json) {
        io.stdout.write(`${toJson({ ...spread, ...(conditionalAccuracy === undefined ? {} : { conditionalAccuracy }), ...common, ...stopped })}\n`);
      } else {
        const last = result.history.at(-1);
        const rows: string[][] = [
          ['data', `${trainer.data.name}: ${trainer.data.description}`],
          ['model', `${trainer.config.generator.kind ?? 'mlp'} generator, ${trainer.config.discriminator.kind ?? 'mlp'} discriminator${trainer.classes ? ', conditional (AC-GAN)' : ''}`],
          ['loss', `${trainer.config.loss}${trainer.config.regularizer === 'none' ? '' : ` + ${trainer.config.regularizer}`}`],
          ['optimizer', `${trainer.optimizer.label}${trainer.config.kd > 1 ? `, ${trainer.config.kd} D steps per G step` : ''}`],
          ['steps', `${result.steps} (${fmt(result.stepsPerSecond)} steps/s on ${trainer.backend})`],
        ];
        if (last) rows.push(['losses', `G ${fmt(last.lossG)}, D ${fmt(last.lossD)}; gradient norms G ${fmt(last.gradNormG)}, D ${fmt(last.gradNormD)}`]);
        rows.push(['digits captured', `${digits.digits} of 10 (each ≥ 1% of samples)`]);
        rows.push(['entropy', `${fmt(digits.entropy)} nats (uniform: ${fmt(Math.log(10))})`]);
        rows.push(['histogram', digits.histogram.map((c, d) => `${d}:${c}`).join(' ')]);
        if (conditionalAccuracy !== undefined) rows.push(['as requested', `${(100 * conditionalAccuracy).toFixed(1)}% of samples read as the digit asked for`]);
        if (flags.samples !== undefined) rows.push(['samples', flags.samples]);
        io.stdout.write(`${table(rows)}\n`);
      }
      return 0;
    }
    const score = trainer.score();
    if (flags.json) {
      const out = score.modes
        ? { modes: score.modes.modes, highQuality: score.modes.highQuality, reverseKl: score.modes.reverseKl, ...common, ...stopped }
        : { slicedWasserstein: score.slicedWasserstein, ...common, ...stopped };
      io.stdout.write(`${toJson(out)}\n`);
    } else {
      const last = result.history.at(-1);
      const rows: string[][] = [
        ...(flags.preset === undefined ? [] : [['preset', flags.preset]]),
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
