/**
 * Named presets: partial GAN configurations that reproduce the lecture's phenomena on the 2-D mixtures, and their
 * cures. A preset fixes what the phenomenon depends on (loss, optimizer, learning rates, networks) and a step budget;
 * anything else, and anything given beside it, is the caller's (`saddle gan --preset NAME --seed 3 --steps 500`).
 *
 * The problems, each on ring8 (the VEEGAN/PacGAN protocol, ../shared/REFERENCES.md):
 * - `mode-collapse`: plain simultaneous Adam steps on the non-saturating loss at η = 10⁻², no regularizer, at the
 *   size of the `coverage` preset: the generator chases the discriminator's current favourite region and its samples
 *   pile onto a few modes. Measured over seeds 1–5 on ring8: 4, 6, 4, 7 and 5 of the 8 modes, reverse KL 0.27–1.24.
 *   At η = 10⁻³ (the setting until the matrix products on wasm changed their rounding, gan/wasm-matmul.ts) the
 *   collapse was one seed's luck: seed 1 had collapsed onto 4 modes, and afterwards no seed of 1–5 did. The minimax
 *   (saturating) loss with simultaneous steps, measured at these sizes, spread its samples thinly along the ring
 *   instead, so the preset uses the loss that collapses; the saturating loss's failure is `vanishing-gradients`.
 * - `oscillation`: simultaneous steps at a large step size: on f(x, y) = x·y they spiral out (the lecture's first
 *   picture); on a GAN, the losses swing and the generator's mass hops from mode to mode instead of settling.
 * - `vanishing-gradients`: the saturating loss with SGD against a discriminator that learns 50× faster with 5
 *   updates per generator update: when D rejects the fakes, ∂ℓ_G/∂ã = −σ(ã) → 0 and the generator stops moving
 *   (Goodfellow et al. 2014, §3; Arjovsky & Bottou 2017, Theorem 2.4). SGD, not Adam: Adam divides the gradient by
 *   its own scale, which hides a vanishing gradient.
 *
 * The cures, each changing one thing of a problem preset (named in `cures`):
 * - `non-saturating`: ℓ_G = −E log σ(ã), whose derivative tends to −1 where the minimax one vanishes (Goodfellow
 *   et al. 2014).
 * - `alternating`: the players move in turn, the discriminator first; on x·y the iterates stay bounded (Gidel et al.
 *   2019). The one change that cures `mode-collapse` on ring8: all 8 modes on each of seeds 1–5 at 92.6 ± 1.5% high
 *   quality in 4,000 steps (the mode table of gan/README.md), better than `coverage`. On grid25 it concentrates the
 *   samples instead (3–13 of the 25 modes).
 * - `extragradient`: z½ = z − η·ξ(z), z′ = z − η·ξ(z½) (Korpelevich 1976; Gidel et al. 2019).
 * - `optimistic`: z′ = z − 2η·ξ(z) + η·ξ(z₋₁) (Popov 1980; Daskalakis et al. 2018).
 * - `r1`: + (γ/2)·E‖∇ₓD(x)‖² on real data (Mescheder, Geiger & Nowozin 2018).
 * - `instance-noise`: D sees data and samples blurred by N(0, σ²I) (Sønderby et al. 2017; Arjovsky & Bottou 2017).
 * - `wgan-gp`: the Wasserstein critic with the gradient penalty, 5 critic steps per generator step, Adam
 *   (β₁, β₂) = (0.5, 0.9) (Gulrajani et al. 2017).
 * - `unrolled`: the generator descends against the discriminator k steps ahead, backpropagating through them
 *   (Metz et al. 2017).
 * - `coverage`: `mode-collapse` plus R1 (γ = 0.1), an exponential moving average of the iterates (decay 0.99) that
 *   the metrics score (Yazıcı et al. 2019), and a learning rate decayed linearly to 1% over the last 3,000 of
 *   10,000 steps: the best found for `npm run experiment:modes` (scripts/experiment-modes.ts). The clusters sharpen
 *   slowly at a constant rate (ring8, seed 1: 24% high quality at 2,000 steps, 62% at 4,000, 65% at 6,000; the EMA
 *   of the same run 20%, 77%, 84%), and the decay settles them (88% at 8,000 with the decay over 6,000–8,000).
 *   Over seeds 1–5 (gan/README.md has the table): ring8 8 of 8 modes on every seed at 89.5 ± 1.0% high quality;
 *   grid25 20.2 ± 0.5 of 25 modes at 5.4 ± 1.1%, far from the target at this size and budget (the samples
 *   stay spread over the square and the discriminator near chance; packing did not change that within the budget).
 * - `fourier`: grid25, where every other preset leaves the samples spread over the square. The discriminator judges
 *   two samples packed (PacGAN, Lin et al. 2018) and reads each as its coordinates beside 64 random Fourier features
 *   of them (models.ts; Tancik et al. 2020) at 1 cycle per standardized unit; both networks work on the grid divided
 *   by its standard deviation √8 (`inputScale`, `outputScale`). R1 (γ = 8 in the data's units, 1 in the standardized
 *   ones), alternating Adam (η = 2·10⁻³, β₁ = ½), the EMA readout and a uniform latent; G 2-128-128-128-2, D
 *   128-128. η decays to 10% over steps 2,500–5,000 and γ to 0.5% over 3,500–6,000 (cosine); 7,000 steps. Why each
 *   (gan/README.md has the measurements): on (x, y) a discriminator stays near chance on 25 modes 0.05 wide and 2
 *   apart (≤ 17% high quality in 8,000 steps); on Fourier features alone it resolves them but cannot tell a point far
 *   outside the data from one inside (the features are bounded and nearly periodic; on one seed the generator ran
 *   off to |x| ≈ 100); with x read too it can. Without R1 and alternation the sharper discriminator collapsed the
 *   generator onto one mode. At full strength R1 keeps D smooth over each cluster, and the clusters rest wider than
 *   the data's (6–13% of the samples 0.15–0.3 from a centre); decaying γ once η is low lets D sharpen them (decayed
 *   at full η it destabilizes training). That sharper D drops modes unpacked (seed 2: 25 → 21); judging pairs keeps
 *   all 25 (reverse KL ≈ 0.01). Measured over seeds 1–5 (gan/README.md has the table): 25 modes on every seed at
 *   91.9, 92.9, 89.8, 95.6 and 91.1% high quality (92.2 ± 1.0; reverse KL 0.02 ± 0.01), about 6 minutes a run with
 *   two runs sharing the machine's 2 cores: the target (≥ 24 modes at ≥ 90%). The last 1,000 steps at the
 *   final γ are worth 2 points (89.9 ± 1.0 at 6,000 steps).
 * - `pacgan`: PacGAN4 as Lin et al. 2018 ran it on the 2-D grid (github fjxmlzn/PacGAN,
 *   synthetic_data_experiments/2DGrid_GAN&PacGAN): the discriminator judges 4 samples concatenated (`pack: 4`,
 *   field.ts), G 2 → 4 × 400 ReLU with batch norm → 2, D 8 → 3 × 200 → 1, 2-D Gaussian latent, Adam η = 10⁻⁴ with
 *   β₁ = 0.8, 100 packs per batch (400 samples). Two departures: D's hidden units are ReLU, not the paper's 5-piece
 *   maxout, and the weights start by Glorot rather than N(0, 0.02²). The paper trains 400 epochs of 1,000 batches
 *   (400,000 steps) and reports 24.8 modes at 93.6% high quality on grid25. Not measured here: on this machine's
 *   wasm backend a step of these networks took ~0.5 s (2 steps/s, 2 cores shared with other work), so the 20,000
 *   steps of the budget are hours, and the paper's 400,000 days.
 *
 * Status of the claims: `vanishing-gradients` against `non-saturating` is checked cheaply by
 * test/gan/presets-claims.test.ts. Every ring8 preset is measured by the experiment over seeds 1–5 (gan/README.md has
 * both tables). `mode-collapse` collapses on every seed; `alternating` and `coverage` cure it. `oscillation` ends with
 * every sample off the ring (0 modes), and so do `extragradient` and `optimistic` at its step size: on this network
 * game they do not cure it, as the gallery's bridge shows for their gradient norms. `r1`, `instance-noise`,
 * `wgan-gp` and `unrolled` keep most modes at their budgets but leave the clusters blurred (high quality ≤ 18%).
 * `fourier` is measured on grid25 only.
 */
import { InputError, show } from '../src/errors.ts';
import type { GanConfigInput } from './config.ts';

/** What a preset shows: a lecture phenomenon, or a cure of one. */
export type PresetKind = 'problem' | 'cure';

export interface GanPreset {
  /** One line: what the preset runs. */
  readonly description: string;
  /** The lecture phenomenon it shows, in one line. */
  readonly shows: string;
  readonly kind: PresetKind;
  /** For a cure: the names of the problem presets it answers. */
  readonly cures?: readonly string[];
  /** The partial configuration (config.ts): the preset's defaults, under whatever the caller gives. */
  readonly config: GanConfigInput;
  /** The suggested number of generator steps (for the measured presets, the budget of their measurement). */
  readonly steps: number;
}

/** grid25's standard deviation per axis, √8: the `fourier` preset's networks work on the grid divided by it. */
const GRID_SCALE = 2 * Math.SQRT2;

/** Adam as DCGAN and most GAN code run it: β₁ = 0.5. */
const adamGan = { beta1: 0.5 } as const;

const presetTable = {
  'mode-collapse': {
    description: 'non-saturating loss, simultaneous Adam steps at η = 10⁻², 2-32-32 MLPs, no regularizer, ring8',
    shows: 'mode collapse: on each of seeds 1–5 the samples pile onto 4 to 7 of the 8 modes (reverse KL 0.27–1.24)',
    kind: 'problem',
    config: {
      dataset: 'ring8',
      loss: 'nsgan',
      optimizer: 'adam',
      lr: 1e-2,
      options: adamGan,
      generator: { hidden: [32, 32] },
      discriminator: { hidden: [32, 32] },
    },
    steps: 4000,
  },
  oscillation: {
    description: 'non-saturating loss, simultaneous SGD steps at a large rate, ring8',
    shows: 'oscillation: losses swing and the generator hops between modes instead of settling (x·y spiralling out)',
    kind: 'problem',
    config: { dataset: 'ring8', loss: 'nsgan', optimizer: 'simgda', lr: 0.2 },
    steps: 2000,
  },
  'vanishing-gradients': {
    description: 'minimax loss, SGD, the discriminator 50× faster with 5 steps per generator step, ring8',
    shows: 'vanishing generator gradients: D rejects the fakes, σ(D(G(z))) → 0, and ∇ℓ_G → 0 with it',
    kind: 'problem',
    config: { dataset: 'ring8', loss: 'gan', optimizer: 'simgda', lr: [0.002, 0.1], kd: 5, batch: 64 },
    steps: 200,
  },
  'non-saturating': {
    description: 'vanishing-gradients with the non-saturating generator loss −log σ(D(G(z)))',
    shows: 'the cure of vanishing gradients: against the same discriminator, a generator gradient that does not die',
    kind: 'cure',
    cures: ['vanishing-gradients'],
    config: { dataset: 'ring8', loss: 'nsgan', optimizer: 'simgda', lr: [0.002, 0.1], kd: 5, batch: 64 },
    steps: 200,
  },
  alternating: {
    description: 'mode-collapse with alternating Adam steps: the discriminator moves, then the generator answers',
    shows: 'alternating updates: each player answers the other’s latest move',
    kind: 'cure',
    cures: ['mode-collapse'],
    config: {
      dataset: 'ring8',
      loss: 'nsgan',
      optimizer: 'adam',
      lr: 1e-2,
      options: { ...adamGan, alternating: true, order: 'max-first' },
      generator: { hidden: [32, 32] },
      discriminator: { hidden: [32, 32] },
    },
    steps: 4000,
  },
  extragradient: {
    description: 'extragradient steps with the non-saturating loss',
    shows: 'look-ahead: the step taken uses the field at an extrapolated point, which damps the rotation',
    kind: 'cure',
    cures: ['oscillation'],
    config: { dataset: 'ring8', loss: 'nsgan', optimizer: 'eg', lr: 0.2 },
    steps: 2000,
  },
  optimistic: {
    description: 'optimistic GDA with the non-saturating loss',
    shows: 'optimism: the last gradient predicts the next, which damps the rotation at one gradient per step',
    kind: 'cure',
    cures: ['oscillation'],
    config: { dataset: 'ring8', loss: 'nsgan', optimizer: 'ogda', lr: 0.2 },
    steps: 2000,
  },
  r1: {
    description: 'non-saturating loss + R1 penalty (γ = 0.1) on real data, Adam',
    shows: 'a gradient penalty on the data makes the equilibrium locally attracting',
    kind: 'cure',
    cures: ['mode-collapse', 'oscillation'],
    config: { dataset: 'ring8', loss: 'nsgan', regularizer: 'r1', gamma: 0.1, optimizer: 'adam', lr: 1e-3, options: adamGan },
    steps: 2000,
  },
  'instance-noise': {
    description: 'non-saturating loss with instance noise σ = 0.1, Adam',
    shows: 'blurring both distributions gives them overlapping support, so D’s gradient is informative everywhere',
    kind: 'cure',
    cures: ['mode-collapse', 'vanishing-gradients'],
    config: { dataset: 'ring8', loss: 'nsgan', regularizer: 'instance-noise', sigma: 0.1, optimizer: 'adam', lr: 1e-3, options: adamGan },
    steps: 2000,
  },
  'wgan-gp': {
    description: 'WGAN-GP (λ = 10), 5 critic steps per generator step, Adam (β₁, β₂) = (0.5, 0.9)',
    shows: 'a Wasserstein critic with a gradient penalty: gradients everywhere, no saturation',
    kind: 'cure',
    cures: ['mode-collapse', 'vanishing-gradients'],
    config: { dataset: 'ring8', loss: 'wgan-gp', optimizer: 'adam', lr: 1e-3, kd: 5, options: { beta1: 0.5, beta2: 0.9 } },
    steps: 1000,
  },
  unrolled: {
    description: 'unrolled GAN: the generator looks through 5 discriminator steps (backpropagated)',
    shows: 'the generator anticipates the discriminator’s answer, so jumping to its favourite mode stops paying',
    kind: 'cure',
    cures: ['mode-collapse'],
    config: { dataset: 'ring8', loss: 'nsgan', optimizer: 'unrolled', lr: 0.05, options: { k: 5 } },
    steps: 1000,
  },
  coverage: {
    description: 'tuned for the mode experiment: mode-collapse + R1 (γ = 0.1), EMA readout, learning rate decayed to 1%',
    shows: 'mode coverage: every ring mode, sharpened by averaging and a decaying step size',
    kind: 'cure',
    cures: ['mode-collapse'],
    config: {
      loss: 'nsgan',
      regularizer: 'r1',
      gamma: 0.1,
      optimizer: 'adam',
      lr: 1e-3,
      options: { ...adamGan, average: 'ema', decay: 0.99 },
      lrDecay: { shape: 'linear', start: 7000, end: 10000, to: 0.01 },
      generator: { hidden: [32, 32] },
      discriminator: { hidden: [32, 32] },
    },
    steps: 10000,
  },
  fourier: {
    description: 'grid25: D 128-128 judges 2 samples packed, each read as x and 64 random Fourier features of it (data scaled by √8); R1 and η decayed late; alternating Adam (η 2·10⁻³), EMA; G 2-128-128-128-2 on a uniform latent',
    shows: 'a discriminator that resolves 25 narrow modes: the clusters sharpen instead of staying spread over the square, and packing keeps all 25',
    kind: 'cure',
    cures: ['mode-collapse'],
    config: {
      dataset: 'grid25',
      loss: 'nsgan',
      regularizer: 'r1',
      gamma: 8,
      optimizer: 'adam',
      lr: 2e-3,
      options: { ...adamGan, alternating: true, order: 'max-first', average: 'ema', decay: 0.99 },
      lrDecay: { shape: 'cosine', start: 2500, end: 5000, to: 0.1 },
      gammaDecay: { shape: 'cosine', start: 3500, end: 6000, to: 0.005 },
      pack: 2,
      latent: { prior: 'uniform', dim: 2 },
      generator: { hidden: [128, 128, 128], outputScale: GRID_SCALE },
      discriminator: { hidden: [128, 128], inputScale: GRID_SCALE, fourier: { features: 64, scale: 1, includeInput: true } },
    },
    steps: 7000,
  },
  pacgan: {
    description: 'PacGAN4 at the paper’s sizes: D judges 4 samples packed; G 4×400 ReLU + batch norm, D 3×200; Adam 1e-4 (β₁ 0.8); grid25',
    shows: 'packing: a discriminator that sees several samples at once catches a generator that drops modes',
    kind: 'cure',
    cures: ['mode-collapse'],
    config: {
      dataset: 'grid25',
      loss: 'nsgan',
      optimizer: 'adam',
      lr: 1e-4,
      options: { beta1: 0.8 },
      pack: 4,
      batch: 400,
      latent: { prior: 'gaussian', dim: 2 },
      generator: { hidden: [400, 400, 400, 400], batchNorm: true },
      discriminator: { hidden: [200, 200, 200] },
    },
    steps: 20000,
  },
} as const satisfies Record<string, GanPreset>;

export type PresetName = keyof typeof presetTable;

/** Every preset by name. */
export const presets: Readonly<Record<PresetName, GanPreset>> = presetTable;

export const presetNames = Object.keys(presetTable) as PresetName[];

/** The preset `name`, or an {@link InputError} naming the known ones. */
export function getPreset(name: string): GanPreset {
  if (!Object.hasOwn(presetTable, name)) throw new InputError('preset', `unknown preset ${show(name)} (known: ${presetNames.join(', ')})`);
  return presets[name as PresetName];
}

/** Keys of the configuration whose values are objects merged key by key (a flag sets one field of a network). */
const NESTED = ['generator', 'discriminator', 'latent', 'options'] as const;

/**
 * A preset's configuration under `overrides`: a key given in `overrides` wins; the nested objects (networks,
 * latent prior, optimizer options) are merged one level down, so `{generator: {hidden: [8]}}` keeps the preset's
 * activation. The result is not validated: the trainer's schema does that (config.ts).
 */
export function withPreset(name: string, overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const base = getPreset(name).config as Record<string, unknown>;
  const out: Record<string, unknown> = { ...base, ...overrides };
  for (const key of NESTED) {
    const [b, o] = [base[key], overrides[key]];
    if (isRecord(b) && isRecord(o)) out[key] = { ...b, ...o };
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
