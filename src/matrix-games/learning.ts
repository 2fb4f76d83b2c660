/**
 * The learning dynamics of a bimatrix game by name, each a {@link Dynamics} over a batch of strategy pairs (x, y)
 * in the layout of src/game.ts (the row player's m probabilities, then the column player's k), so that the
 * simulation loop, the CLI and the components drive them like any optimizer or flow. Options are declared like the
 * optimizers' (src/options.ts) and read from numbers or command-line strings.
 *
 * | name | rule | source |
 * |---|---|---|
 * | `replicator` | ẋᵢ = xᵢ((Ay)ᵢ − xᵀAy), through an integrator of src/flow | Taylor & Jonker 1978 |
 * | `mwu` | x′ ∝ x·exp(η·Ay) | Freund & Schapire 1999; Bailey & Piliouras 2018 |
 * | `omwu` | x′ ∝ x·exp(η·(2Ay_t − Ay_{t−1})) | Daskalakis & Panageas 2019 |
 * | `fictitious` | best response to the opponent's empirical frequencies | Brown 1951; Robinson 1951 |
 * | `regret-matching` | play ∝ positive cumulative regrets; report the average | Hart & Mas-Colell 2000 |
 */
import type { Dynamics } from '../dynamics.ts';
import { InputError, show } from '../errors.ts';
import { integrators } from '../flow/index.ts';
import { resolveOptions, type OptionSpecs } from '../options.ts';
import { MAX_SEED } from '../starts.ts';
import type { BimatrixGame } from './bimatrix.ts';
import { fictitiousPlay } from './fictitious-play.ts';
import { hedge, optimisticHedge } from './hedge.ts';
import { regretMatching } from './regret-matching.ts';
import { replicatorFlow } from './replicator.ts';

const seedOption = { kind: 'integer', default: 0, min: 0, description: `seed of the generator that breaks ties (0 … ${MAX_SEED})` } as const;
const lrOption = { kind: 'number', default: 0.1, range: 'positive', perPlayer: true, description: 'step size η (one, or row,column)' } as const;

export interface LearningEntry {
  readonly summary: string;
  readonly reference: string;
  readonly options: OptionSpecs;
  /** Whether the reported strategies are averages (a readout), not the current play. */
  readonly reportsAverage: boolean;
}

export const learningDynamics = {
  replicator: {
    summary: 'replicator dynamics in continuous time, ẋᵢ = xᵢ((Ay)ᵢ − xᵀAy), integrated by an integrator of the gradient flow',
    reference: 'Taylor & Jonker 1978; Hofbauer & Sigmund 1998; orbits conserve KL(x*‖x) + KL(y*‖y) in zero-sum games with an interior equilibrium',
    reportsAverage: false,
    options: {
      integrator: { kind: 'choice', default: 'rk45', choices: Object.keys(integrators), description: 'the integrator (see saddle list integrators)' },
      dt: { kind: 'number', default: 0.1, range: 'positive', description: 'time advanced per step (rk45 adapts its own steps within it)' },
    },
  },
  mwu: {
    summary: 'multiplicative weights (Hedge), simultaneous, constant step: x′ ∝ x·exp(η·Ay)',
    reference: 'Freund & Schapire 1999; Bailey & Piliouras 2018 (KL to the equilibrium grows)',
    reportsAverage: false,
    options: { lr: lrOption },
  },
  omwu: {
    summary: 'optimistic multiplicative weights: x′ ∝ x·exp(η·(2Ay_t − Ay_{t−1})); the last iterate converges',
    reference: 'Daskalakis & Panageas 2019',
    reportsAverage: false,
    options: { lr: lrOption },
  },
  fictitious: {
    summary: 'fictitious play: best response to the opponent’s empirical frequencies, which are the reported strategies',
    reference: 'Brown 1951; Robinson 1951',
    reportsAverage: false,
    options: { seed: seedOption },
  },
  'regret-matching': {
    summary: 'regret matching: play in proportion to positive cumulative regrets; the average strategies are reported',
    reference: 'Hart & Mas-Colell 2000',
    reportsAverage: true,
    options: {
      seed: { ...seedOption, description: `seed of the generator that draws the actions when sampled (0 … ${MAX_SEED})` },
      sampled: { kind: 'boolean', default: false, description: 'play drawn pure actions (Hart & Mas-Colell’s procedure) instead of expected payoffs' },
    },
  },
} as const satisfies Record<string, LearningEntry>;

export type LearningName = keyof typeof learningDynamics;

/**
 * The named dynamics over n points of `game`. `options` are numbers or strings; for `replicator`, any option other
 * than `integrator` and `dt` goes to the integrator (`rtol`, `atol`, …). Throws an InputError naming the bad part.
 */
export function createLearning(name: string, game: BimatrixGame, n: number, options: Readonly<Record<string, unknown>> = {}): Dynamics {
  if (!Object.hasOwn(learningDynamics, name)) {
    throw new InputError('dynamics', `unknown dynamics ${show(name)} (known: ${Object.keys(learningDynamics).join(', ')})`);
  }
  const key = name as LearningName;
  const owner = `dynamics ${name}`;
  if (key === 'replicator') {
    const { integrator, dt, ...rest } = options;
    const raw = Object.fromEntries(Object.entries({ integrator, dt }).filter(([, v]) => v !== undefined));
    const own = resolveOptions(owner, learningDynamics.replicator.options, raw, 2);
    return replicatorFlow(game, n, own.integrator as string, own.dt as number, rest);
  }
  const values = resolveOptions(owner, learningDynamics[key].options, options, 2);
  const seed = values.seed as number | undefined;
  if (seed !== undefined && seed > MAX_SEED) throw new InputError(`${owner}, option seed`, `expected an integer in [0, ${MAX_SEED}], got ${seed}`);
  switch (key) {
    case 'mwu':
      return hedge(game, n, values.lr as number[]);
    case 'omwu':
      return optimisticHedge(game, n, values.lr as number[]);
    case 'fictitious':
      return fictitiousPlay(game, n, seed!);
    case 'regret-matching':
      return regretMatching(game, n, { seed, sampled: values.sampled as boolean });
  }
}
