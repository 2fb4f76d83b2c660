import { InputError, show } from '../errors.ts';
import { resolveOptions, type OptionSpecs, type OptionValues } from '../options.ts';
import { averaging } from './averaging.ts';
import { extragradient, proximal, unrolled } from './lookahead.ts';
import { consensus, sga } from './modified.ts';
import { perPlayer } from './per-player.ts';
import { adam, heavyBall, optimistic, sgd, type Rule } from './rules.ts';
import { alternating, simultaneous } from './schemes.ts';
import type { Optimizer } from './types.ts';

export type { Optimizer, OptState } from './types.ts';
export { disposeState } from './types.ts';
export { adam, heavyBall, optimistic, sgd, type Rule } from './rules.ts';
export { alternating, simultaneous } from './schemes.ts';
export { extragradient, proximal, unrolled } from './lookahead.ts';
export { consensus, sga } from './modified.ts';
export { averaging } from './averaging.ts';
export { perPlayer } from './per-player.ts';

/** A named optimizer: what it is, where it comes from, its options, and how to make one. */
export interface OptimizerEntry {
  readonly summary: string;
  readonly reference: string;
  readonly options: OptionSpecs;
  create(o: OptionValues, players: number): Optimizer;
  /**
   * Present for the optimizers that are one rule per player applied to that player's own gradient: the rule, and
   * whether these options ask for alternating play. These can be mixed, player i on rule Rᵢ ({@link createOptimizer}
   * with one name per player).
   */
  readonly perPlayer?: { rule(o: OptionValues): Rule; alternates(o: OptionValues): boolean };
  /** For the methods on the joint game, which cannot be mixed: what couples the players, for the error that says so. */
  readonly joint?: string;
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
/** Updates per turn in alternating play: altgda's n_g and n_d, one for everyone else. */
const turnSteps = (o: OptionValues, players: number) =>
  Array.from({ length: players }, (_, i) => (i === 0 && o.ng !== undefined ? (o.ng as number) : i === 1 && o.nd !== undefined ? (o.nd as number) : 1));
/** A per-player rule under its scheme: alternating (in `order`, n_g and n_d updates per turn) or simultaneous. */
const play = (name: string, rule: Rule, alternates: boolean, o: OptionValues, players: number): Optimizer =>
  alternates ? alternating(name, rule, turnOrder(o, players), turnSteps(o, players)) : simultaneous(name, rule);
/** An entry whose optimizer is one rule per player: `create` is the rule under its scheme. */
function ruleEntry(e: Omit<OptimizerEntry, 'create' | 'perPlayer' | 'joint'> & { name: string; rule(o: OptionValues): Rule; alternates(o: OptionValues): boolean }): OptimizerEntry {
  const { name, rule, alternates, ...about } = e;
  return { ...about, create: (o, players) => play(name, rule(o), alternates(o), o, players), perPlayer: { rule, alternates } };
}

/** Every optimizer by its registry name. The options `lr`, `average` and `decay` are common to all. */
export const optimizers: Readonly<Record<string, OptimizerEntry>> = {
  simgda: ruleEntry({
    name: 'simgda',
    summary: 'simultaneous gradient descent–ascent: z′ = z − η·ξ(z)',
    reference: 'Arrow, Hurwicz & Uzawa 1958; the lecture',
    options: {},
    rule: (o) => sgd(num(o, 'lr')),
    alternates: () => false,
  }),
  altgda: ruleEntry({
    name: 'altgda',
    summary: 'alternating gradient descent–ascent: each player steps on the others’ latest parameters',
    reference: 'Gidel et al. 2019; Mescheder, Geiger & Nowozin 2018 (n_g, n_d)',
    options: {
      order,
      ng: { kind: 'integer', default: 1, min: 1, description: 'steps of the min player (generator) per turn' },
      nd: { kind: 'integer', default: 1, min: 1, description: 'steps of the max player (discriminator) per turn' },
    },
    rule: (o) => sgd(num(o, 'lr')),
    alternates: () => true,
  }),
  eg: {
    summary: 'extragradient: z½ = z − η·ξ(z), z′ = z − η·ξ(z½)',
    reference: 'Korpelevich 1976',
    options: {},
    create: (o) => extragradient(num(o, 'lr')),
    joint: 'takes its second gradient at a look-ahead point of all players at once',
  },
  ogda: ruleEntry({
    name: 'ogda',
    summary: 'optimistic gradient descent–ascent: z′ = z − 2η·ξ(z) + η·ξ(z₋₁)',
    reference: 'Popov 1980; Daskalakis, Ilyas, Syrgkanis & Zeng 2018',
    options: {},
    rule: (o) => optimistic(num(o, 'lr')),
    alternates: () => false,
  }),
  momentum: ruleEntry({
    name: 'momentum',
    summary: 'heavy-ball momentum per player: v′ = β·v − η·ξ, z′ = z + v′ (β < 0 is negative momentum)',
    reference: 'Polyak 1964; Gidel et al. 2019, "Negative Momentum for Improved Game Dynamics"',
    options: {
      beta: { kind: 'number', default: 0.5, perPlayer: true, range: 'open-unit', description: 'momentum β ∈ (−1, 1)' },
      alternating: alternatingFlag,
      order,
    },
    rule: (o) => heavyBall(num(o, 'lr'), num(o, 'beta')),
    alternates: (o) => o.alternating as boolean,
  }),
  adam: ruleEntry({
    name: 'adam',
    summary: 'Adam per player, with bias correction',
    reference: 'Kingma & Ba 2015',
    options: {
      beta1: { kind: 'number', default: 0.9, perPlayer: true, range: 'unit', description: 'first-moment decay β₁' },
      beta2: { kind: 'number', default: 0.999, perPlayer: true, range: 'unit', description: 'second-moment decay β₂' },
      eps: { kind: 'number', default: 1e-8, perPlayer: true, range: 'positive', description: 'ε in the denominator' },
      alternating: alternatingFlag,
      order,
    },
    rule: (o) => adam(num(o, 'lr'), num(o, 'beta1'), num(o, 'beta2'), num(o, 'eps')),
    alternates: (o) => o.alternating as boolean,
  }),
  consensus: {
    summary: 'consensus optimization: z′ = z − η·(ξ + γ·Jᵀξ)',
    reference: 'Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs"',
    options: { gamma: { kind: 'number', default: 1, perPlayer: true, range: 'nonnegative', description: 'weight γ of ∇½‖ξ‖²' } },
    create: (o) => consensus(num(o, 'lr'), num(o, 'gamma')),
    joint: 'adds γ·Jᵀξ, the gradient of ½‖ξ‖², in which every player’s gradient moves every other player',
  },
  sga: {
    summary: 'symplectic gradient adjustment: z′ = z − η·(ξ + λ·Aᵀξ), A = ½(J − Jᵀ)',
    reference: 'Balduzzi et al. 2018, "The Mechanics of n-Player Differentiable Games"',
    options: { lambda: { kind: 'number', default: 1, perPlayer: true, range: 'any', description: 'adjustment weight λ' } },
    create: (o) => sga(num(o, 'lr'), num(o, 'lambda')),
    joint: 'adds λ·Aᵀξ, in which every player’s gradient moves every other player',
  },
  unrolled: {
    summary: 'unrolled: the min player descends against the max player k steps ahead',
    reference: 'Metz, Poole, Pfau & Sohl-Dickstein 2017, "Unrolled GANs"',
    options: {
      k: { kind: 'integer', default: 5, min: 1, description: 'look-ahead steps of the max player' },
      differentiate: { kind: 'boolean', default: true, description: 'backpropagate through the unrolled steps' },
    },
    create: (o) => unrolled(num(o, 'lr'), o.k as number, o.differentiate as boolean),
    joint: 'differentiates the min player’s loss through the max player’s steps',
  },
  proximal: {
    summary: 'proximal point: the implicit step z′ = z − η·ξ(z′)',
    reference: 'Rockafellar 1976; Mokhtari, Ozdaglar & Pattathil 2020',
    options: {},
    create: (o) => proximal(num(o, 'lr')),
    joint: 'solves one implicit equation in all players at once',
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

/** The names the optimizer spec gives, one per player: `adam`, `adam,simgda` and `['adam', 'simgda']` alike. */
export type OptimizerSpec = string | readonly string[];

/**
 * The optimizer name of each of `players` players: one name for all, or one each (a list, or a string with commas,
 * as the command line writes it: `adam,simgda`). A wrong count is an {@link InputError}; names are checked later.
 */
export function playerOptimizers(spec: OptimizerSpec, players = 2): string[] {
  const names = (typeof spec === 'string' ? spec.split(',') : [...spec]).map((n) => (typeof n === 'string' ? n.trim() : n));
  if (names.length !== 1 && names.length !== players) {
    throw new InputError('optimizer', `expected 1 name or ${players} (one per player), got ${names.length}: ${show(spec)}`);
  }
  return names.length === 1 ? new Array<string>(players).fill(names[0]) : names;
}

/** The spec in its shortest form: the one name when every player has the same, else `adam,simgda`. */
export function optimizerName(spec: OptimizerSpec, players = 2): string {
  const names = playerOptimizers(spec, players);
  return names.every((n) => n === names[0]) ? names[0] : names.join(',');
}

/** The names that can be one player's rule in a mix. */
export const perPlayerOptimizers: readonly string[] = Object.keys(optimizers).filter((n) => optimizers[n].perPlayer);

function entryOf(name: string): OptimizerEntry {
  const entry = Object.hasOwn(optimizers, name) ? optimizers[name] : undefined;
  if (!entry) throw new InputError('optimizer', `unknown optimizer ${show(name)} (known: ${Object.keys(optimizers).join(', ')})`);
  return entry;
}

/** The raw options an entry declares (the others belong to another player's optimizer in a mix). */
const declared = (entry: OptimizerEntry, options: Readonly<Record<string, unknown>>) =>
  Object.fromEntries(Object.entries(options).filter(([k]) => Object.hasOwn(commonOptions, k) || Object.hasOwn(entry.options, k)));

/** Resolved options with every per-player list replaced by player i's value, for all players. */
const pinned = (o: OptionValues, i: number): OptionValues =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? v.map(() => v[i]) : v]));

const withAverage = (opt: Optimizer, o: OptionValues) => (o.average === 'none' ? opt : averaging(opt, o.average as 'uniform' | 'ema', o.decay as number));

/**
 * Makes the optimizer `spec` with `options` (numbers, strings from a command line, per-player lists), for a game
 * of `players` players. Unknown names and options and out-of-range values are {@link InputError}s.
 *
 * `spec` is one registry name, or one per player (`['adam', 'simgda']`, or `'adam,simgda'`): player i then runs
 * its own rule Rᵢ on its own gradient ({@link perPlayer}). Only the optimizers that are one rule per player can be
 * mixed (simgda, altgda, ogda, momentum, adam); extragradient, consensus, SGA, unrolled and proximal act on the joint
 * game, and a mix that names one of them is an InputError that says why. The same name for every player is that
 * optimizer. In a mix:
 * - `options` is one record for all players, as for one optimizer; each key goes to the players whose optimizer
 *   declares it (a key no player's optimizer declares is an error), and a per-player list gives player i its i-th
 *   value: `{lr: [1e-3, 1e-2], beta1: 0.5}` gives an Adam generator β₁ = ½ and an SGD discriminator η = 10⁻²;
 * - play is alternating when any player asks for it (its optimizer is altgda, or its options say
 *   `alternating: true`), else simultaneous; alternating play follows `order`, and altgda's `ng`, `nd` give the
 *   updates per turn (one each otherwise); `average` and `decay` average the joint iterate, as for one optimizer.
 */
export function createOptimizer(spec: OptimizerSpec, options: Readonly<Record<string, unknown>> = {}, players = 2): Optimizer {
  const names = playerOptimizers(spec, players);
  const name = optimizerName(names, players);
  if (!name.includes(',')) return createSingle(name, options, players);
  const entries = names.map(entryOf);
  const owner = `optimizer ${name}`;
  const jointAt = entries.findIndex((e) => !e.perPlayer);
  if (jointAt >= 0) {
    throw new InputError(
      'optimizer',
      `${names[jointAt]} cannot be one player’s rule in ${show(name)}: it ${entries[jointAt].joint}; a mix takes ${perPlayerOptimizers.join(', ')} (or give ${names[jointAt]} alone, for every player)`,
    );
  }
  const known = new Set([...Object.keys(commonOptions), ...entries.flatMap((e) => Object.keys(e.options))]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new InputError(owner, `unknown option ${show(key)} (known: ${[...known].join(', ')})`, []);
  }
  // Each player's optimizer reads the options it declares, for all players (so per-player lists keep their meaning).
  const resolved = entries.map((e) => resolveOptions(owner, { ...commonOptions, ...e.options }, declared(e, options), players));
  const rules = entries.map((e, i) => e.perPlayer!.rule(pinned(resolved[i], i)));
  const alternates = entries.some((e, i) => e.perPlayer!.alternates(resolved[i]));
  // Shared options resolve alike for every player; altgda's ng, nd come from its own entry.
  const scheme: OptionValues = Object.assign({}, ...resolved);
  const opt = play(name, perPlayer(rules, names), alternates, scheme, players);
  const label = alternates && !names.includes('altgda') ? `${opt.label.slice(0, -1)}; alternating)` : opt.label;
  return withAverage({ ...opt, label }, scheme);
}

function createSingle(name: string, options: Readonly<Record<string, unknown>>, players: number): Optimizer {
  const entry = entryOf(name);
  const o = resolveOptions(`optimizer ${name}`, { ...commonOptions, ...entry.options }, options, players);
  if (name === 'unrolled' && players !== 2) throw new InputError(`optimizer ${name}`, `needs a two-player game, this one has ${players}`);
  return withAverage(entry.create(o, players), o);
}

/**
 * What player `player` runs when it moves alone, the others held fixed: its optimizer (its name in `spec`) made for
 * a one-player game with that player's values of `options` (its η, its β₁; altgda's `nd` when it is player 1), and
 * no averaging. Stepped on a one-player view of the field and of the joint state (that player's slots), it continues
 * the joint optimizer's rule for that player: the GAN trainer's discriminator-only steps (kD > 1) and its "step D" and
 * "step G" buttons. Options that only another player's optimizer declares are left out.
 */
export function createPlayerOptimizer(spec: OptimizerSpec, options: Readonly<Record<string, unknown>>, players: number, player: number): Optimizer {
  const name = playerOptimizers(spec, players)[player];
  const entry = entryOf(name);
  const resolved = resolveOptions(`optimizer ${name}`, { ...commonOptions, ...entry.options }, declared(entry, options), players);
  const picked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resolved)) picked[k] = Array.isArray(v) ? [v[player]] : v;
  picked.average = 'none';
  // altgda's one player is player 0 to the rule: give it this player's updates per turn.
  if (entry.options.ng) picked.ng = turnSteps(resolved, players)[player];
  return createSingle(name, picked, 1);
}
