import { InputError, show } from '../errors.ts';
import type { Game } from '../game.ts';
import { bilinear } from './bilinear.ts';
import { dirac, diracLosses, diracRegularizers } from './dirac.ts';
import { matrix } from './matrix.ts';
import type { Params } from './params.ts';
import { quadratic } from './quadratic.ts';

export { bilinear, dirac, matrix, quadratic };
export { withConsensus } from './consensus.ts';

/** A built-in game: its formula, its parameters (for help), and a factory. */
export interface GameEntry {
  readonly summary: string;
  readonly params: Readonly<Record<string, string>>;
  /** Built-in games are synchronous; `expr` loads mathjs on demand. */
  create(params: Params): Game | Promise<Game>;
}

export const games: Readonly<Record<string, GameEntry>> = {
  bilinear: {
    summary: 'f(x, y) = a·x·y, the lecture’s first game',
    params: { a: 'coupling a (default 1)' },
    create: bilinear,
  },
  matrix: {
    summary: 'f(x, y) = xᵀAy + bᵀx + cᵀy, A of any shape',
    params: { A: 'matrix as JSON rows, e.g. [[1,2,0],[0,1,3]] (default [[1]])', b: 'vector (default 0)', c: 'vector (default 0)' },
    create: matrix,
  },
  quadratic: {
    summary: 'f(x, y) = (a/2)‖x‖² + b·xᵀy − (c/2)‖y‖²',
    params: { a: 'default 1', b: 'default 1', c: 'default 1', dim: 'dimension of x and of y (default 1)' },
    create: quadratic,
  },
  dirac: {
    summary: 'the Dirac-GAN of Mescheder et al. 2018: L(θ, ψ) = f(ψθ) + f(0)',
    params: {
      loss: `${diracLosses.join(' | ')} (default gan)`,
      reg: `${diracRegularizers.join(' | ')} (default none)`,
      gamma: 'weight of r1, r2, consensus and the wgan-gp penalty (default 1)',
      sigma: 'instance-noise std (default 0.5)',
      clip: 'wgan-clip bound on |ψ| (default 1)',
      g0: 'wgan-gp target gradient norm (default 1)',
    },
    create: dirac,
  },
  expr: {
    summary: 'any f(x, y) you type (zero-sum), or one loss per player (general-sum), differentiated symbolically',
    params: {
      f: 'the expression, e.g. "x*y - 0.1*x^2" (x minimizes, y maximizes)',
      losses: 'instead of f: JSON list of each player’s loss, e.g. ["x*y", "x*y + y^2/2"]',
      vars: 'the players’ coordinates, JSON (default [["x"],["y"]])',
      '<name>': 'any other param is a named constant usable in the expression',
    },
    create: async (params) => (await import('./expr.ts')).exprGame(params),
  },
};

/** Makes the game `name` with `params`; unknown names and bad params are {@link InputError}s. */
export async function createGame(name: string, params: Params = {}): Promise<Game> {
  const entry = Object.hasOwn(games, name) ? games[name] : undefined;
  if (!entry) throw new InputError('game', `unknown game ${show(name)} (known: ${Object.keys(games).join(', ')})`);
  return entry.create(params);
}
