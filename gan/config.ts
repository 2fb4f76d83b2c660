/**
 * The GAN trainer's configuration: one object, validated once (zod) before any tensor exists. Every field has a
 * default, so `{}` is a valid configuration: the GAN Lab-sized model (2-14-14-2 generator, 2-14-14-1 discriminator,
 * ReLU) on ring8 with the non-saturating loss and Adam (η = 10⁻³), batch 256.
 *
 * Errors are {@link InputError}s whose path points at the bad value (`['lr', 1]`, `['generator', 'hidden', 0]`),
 * so that a command line can name its flag and a file its JSON path.
 */
import { z } from 'zod';
import { InputError, show } from '../src/errors.ts';
import { MAX_SEED } from '../src/starts.ts';
import { lossNames, regularizerNames } from './losses.ts';
import { activations } from './models.ts';

/** An MLP (models.ts); `kind: 'mlp'` may be given or left out. */
const mlp = z
  .object({
    kind: z.literal('mlp').optional(),
    hidden: z.array(z.number().int().min(1).max(4096)).max(16).default([14, 14]),
    activation: z.enum(activations).default('relu'),
    batchNorm: z.boolean().default(false),
    /** Random Fourier features of the input (models.ts): `features` frequencies, `scale` cycles per unit, the input itself beside them or not. */
    fourier: z
      .object({ features: z.number().int().min(1).max(1024), scale: z.number().positive().finite(), includeInput: z.boolean().default(false) })
      .strict()
      .optional(),
    /** The network reads x / inputScale and writes outputScale · y (models.ts): data standardized from inside. */
    inputScale: z.number().positive().finite().optional(),
    outputScale: z.number().positive().finite().optional(),
  })
  .strict();

/** A DCGAN network for 28 × 28 images (conv.ts): batch norm by default in the generator, not in the discriminator. */
const dcgan = (batchNorm: boolean) =>
  z
    .object({
      kind: z.literal('dcgan'),
      channels: z.number().int().min(1).max(512).default(32),
      kernel: z.number().int().min(2).max(7).default(5),
      batchNorm: z.boolean().default(batchNorm),
    })
    .strict();

/** Either network; a spec with `kind: 'dcgan'` is a DCGAN, any other an MLP. */
const network = (batchNorm: boolean) => z.union([mlp, dcgan(batchNorm)]);

const rate = z.number().positive().finite();

/** A decay schedule m(t) (train.ts lrFactor): 1 up to `start`, `to` from `end` on, `shape` in between. */
const schedule = z
  .object({
    shape: z.enum(['linear', 'cosine', 'step']).default('linear'),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    to: z.number().positive().max(1),
  })
  .strict()
  .refine((d) => d.end >= d.start, { message: 'end must not come before start', path: ['end'] });

export const ganConfigSchema = z
  .object({
    /** A data set name (`ring8`) or a spec with options (`{name: 'points', points: [[0, 1], …]}`): data.ts. */
    dataset: z.union([z.string(), z.looseObject({ name: z.string() })]).default('ring8'),
    loss: z.enum(lossNames).default('nsgan'),
    /** wgan-clip: the bound c of the discriminator's parameters. */
    clip: z.number().positive().finite().default(0.01),
    /** wgan-gp: the penalty weight λ. */
    gpWeight: z.number().nonnegative().finite().default(10),
    regularizer: z.enum(regularizerNames).default('none'),
    /** r1, r2: the penalty weight γ. */
    gamma: z.number().nonnegative().finite().default(1),
    /** instance-noise: the noise std σ. */
    sigma: z.number().nonnegative().finite().default(0.1),
    generator: network(true).default({ hidden: [14, 14], activation: 'relu', batchNorm: false }),
    discriminator: network(false).default({ hidden: [14, 14], activation: 'relu', batchNorm: false }),
    /**
     * Conditional training with the auxiliary-classifier loss (AC-GAN, Odena, Olah & Shlens 2017): G(z, y) sees a
     * one-hot label, D outputs its real/fake logit and class logits; needs a labelled data set (mnist).
     */
    conditional: z.boolean().default(false),
    /** AC-GAN: the weight λ of the class cross-entropy in both players' losses. */
    classWeight: z.number().nonnegative().finite().default(1),
    latent: z
      .object({ prior: z.enum(['uniform', 'gaussian']).default('gaussian'), dim: z.number().int().min(1).max(1024).default(2) })
      .strict()
      .default({ prior: 'gaussian', dim: 2 }),
    /**
     * Any optimizer of src/optim by its registry name, or one per player: `['adam', 'simgda']` or `'adam,simgda'`
     * (generator, discriminator; only the per-player rules simgda, altgda, ogda, momentum, adam mix: see
     * src/optim createOptimizer). Read into one string: the name, or `'G,D'` when the players differ.
     */
    optimizer: z
      .union([z.string(), z.tuple([z.string(), z.string()])])
      .default('adam')
      .transform((spec) => {
        const names = (typeof spec === 'string' ? spec.split(',') : spec).map((n) => n.trim());
        return names.length === 2 && names[0] === names[1] ? names[0] : names.join(',');
      }),
    /** The learning rate, or one per player [η_G, η_D]. */
    lr: z.union([rate, z.array(rate).length(2)]).default(1e-3),
    /**
     * The optimizer's other options (`beta1`, `alternating`, `gamma`, …), as createOptimizer reads them: a value for
     * both players or, where the option is per player, `[G, D]`. With an optimizer per player each key goes to the
     * player(s) whose optimizer has it (`{beta1: 0.5}` with `adam,momentum`: the generator's Adam).
     */
    options: z.record(z.string(), z.unknown()).default({}),
    /**
     * A learning-rate schedule: η(t) = η·m(t) for the generator step after t completed ones, both players (and the
     * kD discriminator-only steps) scaled alike. m = 1 up to step `start`, m = `to` from step `end` on, and between,
     * with u = (t − start)/(end − start): `linear` 1 + (to − 1)·u, `cosine` to + (1 − to)·(1 + cos πu)/2
     * (Loshchilov & Hutter 2017, SGDR, one cycle), `step` jumps to `to` at `start`. Absent: η is constant.
     */
    lrDecay: schedule.optional(),
    /**
     * The same kind of schedule for γ of R1/R2: γ(t) = γ·m(t). A late decay lets the discriminator sharpen around
     * the data once the generator has found the modes (gan/presets.ts `fourier`).
     */
    gammaDecay: schedule.optional(),
    /** Discriminator steps per generator step. */
    kd: z.number().int().min(1).max(100).default(1),
    batch: z.number().int().min(1).max(65536).default(256),
    /**
     * PacGAN packing (Lin et al. 2018; field.ts): the discriminator judges `pack` samples concatenated, an input of
     * pack × data dimension; `batch` must be a multiple of it (checked by createTrainer). 1: no packing.
     */
    pack: z.number().int().min(1).max(64).default(1),
    seed: z.number().int().min(0).max(MAX_SEED).default(0),
    /** Losses, gradient norms and the non-finite check every this many generator steps. */
    metricsEvery: z.number().int().min(1).default(100),
  })
  .strict()
  .refine((c) => c.gammaDecay === undefined || c.regularizer === 'r1' || c.regularizer === 'r2', {
    message: 'a schedule of γ needs the regularizer r1 or r2',
    path: ['gammaDecay'],
  });

export type GanConfig = z.output<typeof ganConfigSchema>;
export type GanConfigInput = z.input<typeof ganConfigSchema>;

/** Validates and completes a configuration; the first problem is an {@link InputError} with its path. */
export function parseGanConfig(raw: unknown): GanConfig {
  const r = ganConfigSchema.safeParse(raw ?? {});
  if (r.success) return r.data;
  let issue = r.error.issues[0];
  // A network spec fails both branches of its union: report the branch its `kind` asks for.
  while (issue.code === 'invalid_union' && issue.errors.length === 2) {
    let spec: unknown = raw;
    for (const key of issue.path) spec = spec && typeof spec === 'object' ? (spec as Record<PropertyKey, unknown>)[key] : undefined;
    const kind = spec && typeof spec === 'object' ? (spec as { kind?: unknown }).kind : undefined;
    if (kind !== undefined && kind !== 'mlp' && kind !== 'dcgan') {
      const at = [...issue.path, 'kind'];
      throw new InputError(`gan config, ${at.join('.')}`, `unknown network kind ${show(kind)} (known: mlp, dcgan)`, at as PropertyKey[]);
    }
    const branch = kind === 'dcgan' ? 1 : 0;
    const inner = issue.errors[branch][0];
    if (!inner) break;
    issue = { ...inner, path: [...issue.path, ...inner.path] } as typeof issue;
  }
  const path = issue.path as PropertyKey[];
  const at = path.length ? path.join('.') : 'config';
  let value: unknown = raw;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  const got = issue.code === 'unrecognized_keys' ? '' : `, got ${show(value)}`;
  throw new InputError(`gan config, ${at}`, `${issue.message.replace(/^\w/, (c) => c.toLowerCase())}${got}`, path);
}
