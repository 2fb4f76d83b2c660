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

const mlp = z
  .object({
    hidden: z.array(z.number().int().min(1).max(4096)).max(16).default([14, 14]),
    activation: z.enum(activations).default('relu'),
    batchNorm: z.boolean().default(false),
  })
  .strict();

const rate = z.number().positive().finite();

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
    generator: mlp.default({ hidden: [14, 14], activation: 'relu', batchNorm: false }),
    discriminator: mlp.default({ hidden: [14, 14], activation: 'relu', batchNorm: false }),
    latent: z
      .object({ prior: z.enum(['uniform', 'gaussian']).default('gaussian'), dim: z.number().int().min(1).max(1024).default(2) })
      .strict()
      .default({ prior: 'gaussian', dim: 2 }),
    /** Any optimizer of src/optim by its registry name. */
    optimizer: z.string().default('adam'),
    /** The learning rate, or one per player [η_G, η_D]. */
    lr: z.union([rate, z.array(rate).length(2)]).default(1e-3),
    /** The optimizer's other options (`beta1`, `alternating`, `gamma`, …), as createOptimizer reads them. */
    options: z.record(z.string(), z.unknown()).default({}),
    /** Discriminator steps per generator step. */
    kd: z.number().int().min(1).max(100).default(1),
    batch: z.number().int().min(1).max(65536).default(256),
    seed: z.number().int().min(0).max(MAX_SEED).default(0),
    /** Losses, gradient norms and the non-finite check every this many generator steps. */
    metricsEvery: z.number().int().min(1).default(100),
  })
  .strict();

export type GanConfig = z.output<typeof ganConfigSchema>;
export type GanConfigInput = z.input<typeof ganConfigSchema>;

/** Validates and completes a configuration; the first problem is an {@link InputError} with its path. */
export function parseGanConfig(raw: unknown): GanConfig {
  const r = ganConfigSchema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path as PropertyKey[];
  const at = path.length ? path.join('.') : 'config';
  let value: unknown = raw;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  const got = issue.code === 'unrecognized_keys' ? '' : `, got ${show(value)}`;
  throw new InputError(`gan config, ${at}`, `${issue.message.replace(/^\w/, (c) => c.toLowerCase())}${got}`, path);
}
