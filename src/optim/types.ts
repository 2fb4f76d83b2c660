import type { Field } from '../field.ts';
import type { Space } from '../space.ts';

/**
 * What an optimizer carries between steps, in the containers of the space it runs in. Like optax's state: plain
 * data, so it can be saved and restored (gan/ checkpoints it).
 */
export interface OptState<V> {
  /** Steps taken. */
  t: number;
  /** How many updates each player has had (alternating schemes update players unequally; Adam's bias correction counts these). */
  counts: number[];
  /** Named buffers, one block per player: `velocity`, `m`, `v`, `previous`; names starting with `_` are scratch. */
  slots: Record<string, V[]>;
}

/**
 * A learning rule for a game, written once for every container.
 *
 * `step` moves z in place: it may call the field as often as its rule needs (per player for alternating updates,
 * twice for extragradient, with Jacobian products for consensus and SGA). The same object trains the x·y game over a
 * Float64Array and a GAN over tf.Tensor lists.
 */
export interface Optimizer {
  /** The registry name: `simgda`, `eg`, … */
  readonly name: string;
  /** The name with its hyperparameters, for legends: `eg (η = 0.1)`. */
  readonly label: string;
  init<V>(space: Space<V>, z: readonly V[]): OptState<V>;
  step<V>(space: Space<V>, field: Field<V>, z: V[], state: OptState<V>): void;
  /** The iterate to report when it is not z (iterate averaging); must not change the state. */
  readout?<V>(z: readonly V[], state: OptState<V>): readonly V[];
}

/** Releases every buffer of a state (tensors; nothing for arrays). */
export function disposeState<V>(space: Space<V>, state: OptState<V>): void {
  for (const bufs of Object.values(state.slots)) for (const b of bufs) space.dispose(b);
  state.slots = {};
}

/** A fresh state with the named slots, each zeros shaped like z. */
export function newState<V>(space: Space<V>, z: readonly V[], slots: readonly string[]): OptState<V> {
  const state: OptState<V> = { t: 0, counts: z.map(() => 0), slots: {} };
  for (const name of slots) state.slots[name] = z.map((v) => space.zerosLike(v));
  return state;
}

/** Formats per-player values: `0.1` when all players share one, `0.1, 0.2` otherwise. */
export function showPerPlayer(values: readonly number[]): string {
  return values.every((v) => v === values[0]) ? String(values[0]) : values.join(', ');
}
