/**
 * The dynamics core's speed: simultaneous GDA on x·y over a 256×256 batch of starts, through the optimizer API
 * against the same update as a hand-written Float64Array loop; and the `expr` game x*y against the built-in one.
 * Goal (issue 2): both ratios ≥ 0.5.
 */
import { allocBatch, gameField } from '../src/game.ts';
import { bilinear, createGame } from '../src/games/index.ts';
import { createOptimizer } from '../src/optim/index.ts';
import { float64Space } from '../src/space.ts';
import { compare, fmt } from './measure.ts';

const SIDE = 256;
const N = SIDE * SIDE;
const STEPS = 100;
const ETA = 0.01;

function grid(): Float64Array[] {
  const [x, y] = allocBatch(bilinear(), N);
  for (let i = 0; i < N; i++) {
    x[i] = -1 + (2 * (i % SIDE)) / (SIDE - 1);
    y[i] = -1 + (2 * Math.floor(i / SIDE)) / (SIDE - 1);
  }
  return [x, y];
}

/** The baseline: simultaneous GDA on x·y written by hand, one fused loop. */
function handLoop(): () => void {
  const [x, y] = grid();
  return () => {
    for (let s = 0; s < STEPS; s++) {
      for (let i = 0; i < N; i++) {
        const xi = x[i];
        x[i] = xi - ETA * y[i];
        y[i] = y[i] + ETA * xi;
      }
    }
  };
}

/** The same update through createOptimizer('simgda') over a game's field. */
async function throughApi(gameName: string, params: Record<string, unknown>): Promise<() => void> {
  const game = await createGame(gameName, params);
  const field = gameField(game, N);
  const optimizer = createOptimizer('simgda', { lr: ETA });
  const z = grid();
  const state = optimizer.init(float64Space, z);
  return () => {
    for (let s = 0; s < STEPS; s++) optimizer.step(float64Space, field, z, state);
  };
}

export interface Row {
  name: string;
  value: string;
  ratio?: number;
  goal?: number;
}

export async function benchCore(): Promise<Row[]> {
  const units = N * STEPS;
  const api = await throughApi('bilinear', {});
  const [hand, viaApi] = compare(handLoop(), api, units);
  const expr = await throughApi('expr', { f: 'x*y' });
  const [builtin, viaExpr] = compare(await throughApi('bilinear', {}), expr, units);
  return [
    { name: 'simgda on x·y, hand-written Float64Array loop (256×256 starts)', value: `${fmt(hand.rate)} steps/s` },
    { name: 'simgda on x·y through the optimizer API', value: `${fmt(viaApi.rate)} steps/s`, ratio: viaApi.rate / hand.rate, goal: 0.5 },
    { name: 'built-in bilinear game through the API', value: `${fmt(builtin.rate)} steps/s` },
    { name: 'expr game "x*y" through the API', value: `${fmt(viaExpr.rate)} steps/s`, ratio: viaExpr.rate / builtin.rate, goal: 0.5 },
  ];
}
