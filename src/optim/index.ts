import { InputError, show } from '../errors.ts';
import { resolveOptions, type OptionSpecs, type OptionValues } from '../options.ts';
import { averaging } from './averaging.ts';
import { extragradient, proximal, unrolled } from './lookahead.ts';
import { consensus, sga } from './modified.ts';
import { adam, heavyBall, optimistic, sgd } from './rules.ts';
import { alternating, simultaneous } from './schemes.ts';
import type { Optimizer } from './types.ts';

export type { Optimizer, OptState } from './types.ts';
export { disposeState } from './types.ts';
export { adam, heavyBall, optimistic, sgd, type Rule } from './rules.ts';
export { alternating, simultaneous } from './schemes.ts';
export { extragradient, proximal, unrolled } from './lookahead.ts';
export { consensus, sga } from './modified.ts';
export { averaging } from './averaging.ts';

/** A named optimizer: what it is, where it comes from, its options, and how to make one. */
export interface OptimizerEntry {
  readonly summary: string;
  readonly reference: string;
  readonly options: OptionSpecs;
  create(o: OptionValues, players: number): Optimizer;
}

const order = {
  kind: 'choice',
  choices: ['min-first', 'max-first'],
  default: 'min-first',
  description: 'who moves first in alternating play: the min player (x, generator) or the max player (y, discriminator)',
} as const;
const alternatingFlag = { kind: 'boolean', default: false, description: 'players move in turn instead of together' } as const;
const turnOrder = (o: OptionValues, players: number) => {
  const forward = Array.from({ length: players }, (_, i) => i);
  return o.order === 'max-first' ? forward.reverse() : forward;
};
const num = (o: OptionValues, key: string) => o[key] as number[];

/** Every optimizer by its registry name. The options `lr`, `average` and `decay` are common to all. */
export const optimizers: Readonly<Record<string, OptimizerEntry>> = {
  simgda: {
    summary: 'simultaneous gradient descent–ascent: z′ = z − η·ξ(z)',
    reference: 'Arrow, Hurwicz & Uzawa 1958; the lecture',
    options: {},
    create: (o) => simultaneous('simgda', sgd(num(o, 'lr'))),
  },
  altgda: {
    summary: 'alternating gradient descent–ascent: each player steps on the others’ latest parameters',
    reference: 'Gidel et al. 2019; Mescheder, Geiger & Nowozin 2018 (n_g, n_d)',
    options: {
      order,
      ng: { kind: 'integer', default: 1, min: 1, description: 'steps of the min player (generator) per turn' },
      nd: { kind: 'integer', default: 1, min: 1, description: 'steps of the max player (discriminator) per turn' },
    },
    create: (o, players) => {
      const steps = Array.from({ length: players }, (_, i) => (i === 0 ? (o.ng as number) : i === 1 ? (o.nd as number) : 1));
      return alternating('altgda', sgd(num(o, 'lr')), turnOrder(o, players), steps);
    },
  },
  eg: {
    summary: 'extragradient: z½ = z − η·ξ(z), z′ = z − η·ξ(z½)',
    reference: 'Korpelevich 1976',
    options: {},
    create: (o) => extragradient(num(o, 'lr')),
  },
  ogda: {
    summary: 'optimistic gradient descent–ascent: z′ = z − 2η·ξ(z) + η·ξ(z₋₁)',
    reference: 'Popov 1980; Daskalakis, Ilyas, Syrgkanis & Zeng 2018',
    options: {},
    create: (o) => simultaneous('ogda', optimistic(num(o, 'lr'))),
  },
  momentum: {
    summary: 'heavy-ball momentum per player: v′ = β·v − η·ξ, z′ = z + v′ (β < 0 is negative momentum)',
    reference: 'Polyak 1964; Gidel et al. 2019, "Negative Momentum for Improved Game Dynamics"',
    options: {
      beta: { kind: 'number', default: 0.5, perPlayer: true, range: 'open-unit', description: 'momentum β ∈ (−1, 1)' },
      alternating: alternatingFlag,
      order,
    },
    create: (o, players) => {
      const rule = heavyBall(num(o, 'lr'), num(o, 'beta'));
      return o.alternating ? alternating('momentum', rule, turnOrder(o, players), new Array(players).fill(1)) : simultaneous('momentum', rule);
    },
  },
  adam: {
    summary: 'Adam per player, with bias correction',
    reference: 'Kingma & Ba 2015',
    options: {
      beta1: { kind: 'number', default: 0.9, perPlayer: true, range: 'unit', description: 'first-moment decay β₁' },
      beta2: { kind: 'number', default: 0.999, perPlayer: true, range: 'unit', description: 'second-moment decay β₂' },
      eps: { kind: 'number', default: 1e-8, perPlayer: true, range: 'positive', description: 'ε in the denominator' },
      alternating: alternatingFlag,
      order,
    },
    create: (o, players) => {
      const rule = adam(num(o, 'lr'), num(o, 'beta1'), num(o, 'beta2'), num(o, 'eps'));
      return o.alternating ? alternating('adam', rule, turnOrder(o, players), new Array(players).fill(1)) : simultaneous('adam', rule);
    },
  },
  consensus: {
    summary: 'consensus optimization: z′ = z − η·(ξ + γ·Jᵀξ)',
    reference: 'Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs"',
    options: { gamma: { kind: 'number', default: 1, perPlayer: true, range: 'nonnegative', description: 'weight γ of ∇½‖ξ‖²' } },
    create: (o) => consensus(num(o, 'lr'), num(o, 'gamma')),
  },
  sga: {
    summary: 'symplectic gradient adjustment: z′ = z − η·(ξ + λ·Aᵀξ), A = ½(J − Jᵀ)',
    reference: 'Balduzzi et al. 2018, "The Mechanics of n-Player Differentiable Games"',
    options: { lambda: { kind: 'number', default: 1, perPlayer: true, range: 'any', description: 'adjustment weight λ' } },
    create: (o) => sga(num(o, 'lr'), num(o, 'lambda')),
  },
  unrolled: {
    summary: 'unrolled: the min player descends against the max player k steps ahead',
    reference: 'Metz, Poole, Pfau & Sohl-Dickstein 2017, "Unrolled GANs"',
    options: {
      k: { kind: 'integer', default: 5, min: 1, description: 'look-ahead steps of the max player' },
      differentiate: { kind: 'boolean', default: true, description: 'backpropagate through the unrolled steps' },
    },
    create: (o) => unrolled(num(o, 'lr'), o.k as number, o.differentiate as boolean),
  },
  proximal: {
    summary: 'proximal point: the implicit step z′ = z − η·ξ(z′)',
    reference: 'Rockafellar 1976; Mokhtari, Ozdaglar & Pattathil 2020',
    options: {},
    create: (o) => proximal(num(o, 'lr')),
  },
};

/** Options every optimizer takes. */
export const commonOptions: OptionSpecs = {
  lr: { kind: 'number', default: 0.1, perPlayer: true, range: 'positive', description: 'learning rate η' },
  average: {
    kind: 'choice',
    choices: ['none', 'uniform', 'ema'],
    default: 'none',
    description: 'report an average of the iterates (Gidel et al. 2019) instead of the last one',
  },
  decay: { kind: 'number', default: 0.99, range: 'unit', description: 'decay of the exponential moving average' },
};

/**
 * Makes the optimizer `name` with `options` (numbers, strings from a command line, per-player lists), for a game
 * of `players` players. Unknown names and options and out-of-range values are {@link InputError}s.
 */
export function createOptimizer(name: string, options: Readonly<Record<string, unknown>> = {}, players = 2): Optimizer {
  const entry = Object.hasOwn(optimizers, name) ? optimizers[name] : undefined;
  if (!entry) throw new InputError('optimizer', `unknown optimizer ${show(name)} (known: ${Object.keys(optimizers).join(', ')})`);
  const o = resolveOptions(`optimizer ${name}`, { ...commonOptions, ...entry.options }, options, players);
  if (name === 'unrolled' && players !== 2) throw new InputError(`optimizer ${name}`, `needs a two-player game, this one has ${players}`);
  const opt = entry.create(o, players);
  return o.average === 'none' ? opt : averaging(opt, o.average as 'uniform' | 'ema', o.decay as number);
}
