/**
 * Live reconfiguration: a running trainer moved to a new configuration keeps as much of its run as the new
 * configuration can hold, and says what it dropped and why.
 *
 * Let θ, ψ be the networks' parameters (with batch norm's running statistics), S the optimizer state (slots, t,
 * per-player counts), k the generator step and R the positions of the seeded streams (train.ts `STREAMS`). For an old
 * trainer (θ, ψ, S, k, R) under configuration C and a new configuration C′:
 * - **everything** (θ, ψ, S, k, R): when C′ builds networks of the same shapes from the same seed and its optimizer
 *   keeps the same state (same rule, same slot names). This is the case of every change that leaves the networks
 *   alone: learning rates, loss, regularizer, kD, batch, the optimizer's options (β₁, …), the latent prior, the data
 *   set's digits. The next step is then the step of C′ from the old run's point, exactly: the state is carried
 *   through the checkpoint format (checkpoint.ts `trainerArtifacts` → `trainerFromArtifacts` with C′ in place of C),
 *   so a live change restores precisely what a saved and loaded run restores;
 * - **weights** (θ, ψ, statistics, k, R; S as the new optimizer's `init` makes it at θ, ψ): when the optimizer
 *   changes rule or slots (Adam → simultaneous GDA, an averaging option switched on): the new rule starts from zero
 *   moments at the old parameters, and an average of the iterates starts at them. Except for a player whose own rule
 *   is unchanged: with one rule per player (src/optim per-player.ts: the state keeps block i of every slot for
 *   player i, and player i's rule reads only its block of its own slots and its own count), 'adam' → 'adam,simgda'
 *   keeps the generator's Adam moments and update count, so the generator's next step is the one it would have
 *   taken had nothing changed ({@link keptPlayers});
 * - **nothing** (a fresh trainer from C′): when a network's parameter shapes change (latent size, AC-GAN on or off,
 *   network widths or kind, batch norm on or off, a data set of another dimension) or the seed changes (the seed
 *   names the run: a new seed is a new run). {@link restartReasons} names the setting, for the note the element shows.
 *
 * The old trainer is left as it was (the caller disposes it once it adopts the new one); on an error nothing new is
 * left allocated.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, show } from '../src/errors.ts';
import { createPlayerOptimizer, disposeState, perPlayerOptimizers, playerOptimizers } from '../src/optim/index.ts';
import { float64Space } from '../src/space.ts';
import { trainerArtifacts, trainerFromArtifacts, type CheckpointMetadata } from './checkpoint.ts';
import { parseGanConfig, type GanConfig, type GanConfigInput } from './config.ts';
import { setBlock, tensorSpace, type TensorBlock } from './tensor-space.ts';
import { createTrainer, STREAMS, type GanTrainer } from './train.ts';

/** What a live change kept of the run. */
export type CarryOver = 'everything' | 'weights' | 'nothing';

export interface Carried {
  trainer: GanTrainer;
  carried: CarryOver;
  /** Why less than everything was kept (a sentence for the person; absent for 'everything'). */
  because?: string;
}

/** JSON with object keys sorted and an MLP's implicit `kind` made explicit, for comparing specs. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x,
  );
}

const withKind = (spec: GanConfig['generator']) => ({ ...spec, kind: spec.kind ?? 'mlp' });

/**
 * The settings whose change makes {@link carryOver} start afresh, each as a phrase ("the latent size changed (8 →
 * 16)"), in a fixed order: seed, latent size, AC-GAN, the generator's and the discriminator's specs (key by key), the
 * data set. Empty when none of them changed. (A spec key that changed without changing a shape, an activation say,
 * is listed here too; carryOver decides by the actual shapes and uses these phrases only to explain a restart.)
 */
export function restartReasons(old: GanConfig, next: GanConfig): string[] {
  const out: string[] = [];
  if (old.seed !== next.seed) out.push(`the seed changed (${old.seed} → ${next.seed}): a new run`);
  if (old.latent.dim !== next.latent.dim) out.push(`the latent size changed (${old.latent.dim} → ${next.latent.dim})`);
  if (old.conditional !== next.conditional) out.push(`AC-GAN was switched ${next.conditional ? 'on' : 'off'} (the generator's input and the discriminator's output change)`);
  for (const role of ['generator', 'discriminator'] as const) {
    const [a, b] = [withKind(old[role]), withKind(next[role])] as Record<string, unknown>[];
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (canonical(a[key]) !== canonical(b[key])) out.push(`the ${role}'s ${key === 'hidden' ? 'layer widths' : key} changed (${show(a[key] ?? null)} → ${show(b[key] ?? null)})`);
    }
  }
  const name = (d: GanConfig['dataset']) => (typeof d === 'string' ? d : d.name);
  if (name(old.dataset) !== name(next.dataset)) out.push(`the data set changed (${name(old.dataset)} → ${name(next.dataset)})`);
  return out;
}

/** The blocks whose shapes must agree for the weights to carry: both networks and their batch-norm statistics. */
function shapedBlocks(t: GanTrainer): (TensorBlock | undefined)[] {
  return [t.generator.block, t.discriminator.block, t.generator.stats, t.discriminator.stats];
}

/** Do the two trainers' networks (and statistics) have the same parameter shapes? */
export function sameShapes(a: GanTrainer, b: GanTrainer): boolean {
  const sa = shapedBlocks(a).map((x) => x?.shapes ?? null);
  const sb = shapedBlocks(b).map((x) => x?.shapes ?? null);
  return canonical(sa) === canonical(sb);
}

/** The optimizer slots that carry state between steps (checkpoint.ts saves the same ones: names without `_`). */
const stateSlots = (t: GanTrainer) => Object.keys(t.state.slots).filter((k) => !k.startsWith('_')).sort();

const PLAYERS = ['generator', 'discriminator'] as const;

/**
 * The players whose own rule is the same under both configurations, each with the slots its rule keeps: player i
 * is kept when it runs the same one-player rule (simgda, altgda, ogda, momentum, adam: src/optim
 * `perPlayerOptimizers`) in both, as in 'adam' → 'adam,simgda' for the generator. Methods on the joint game
 * (extragradient, consensus, …) keep no per-player state and are never listed. The slots are asked of the rule itself
 * (its one-player optimizer's `init` on a one-number Float64Array: no tensor is made); an average of the iterates is
 * not a rule's slot and is not among them.
 */
export function keptPlayers(old: GanConfig, next: GanConfig): { player: 0 | 1; rule: string; slots: string[] }[] {
  const [was, now] = [playerOptimizers(old.optimizer), playerOptimizers(next.optimizer)];
  const out: { player: 0 | 1; rule: string; slots: string[] }[] = [];
  for (const player of [0, 1] as const) {
    const rule = now[player];
    if (rule !== was[player] || !perPlayerOptimizers.includes(rule)) continue;
    const state = createPlayerOptimizer(next.optimizer, { ...next.options, lr: next.lr }, 2, player).init(float64Space, [new Float64Array(1)]);
    out.push({ player, rule, slots: Object.keys(state.slots).filter((k) => !k.startsWith('_')).sort() });
  }
  return out;
}

/**
 * Gives `fresh` (a new trainer of the same shapes) the weights, statistics, step and streams of `old`, its optimizer
 * state as the new optimizer's `init` makes it at those weights, and, for every kept player, that player's slots and
 * update count. Returns the kept players.
 */
function carryWeights(old: GanTrainer, fresh: GanTrainer): ReturnType<typeof keptPlayers> {
  const into = shapedBlocks(fresh);
  shapedBlocks(old).forEach((from, i) => {
    if (from && into[i]) setBlock(into[i]!, from.tensors.map((t) => tf.clone(t)));
  });
  fresh.step = old.step;
  for (const s of STREAMS) fresh.streams[s].setState(old.streams[s].getState());
  // The state the new optimizer starts from at the carried weights (an average of the iterates starts there too).
  disposeState(tensorSpace, fresh.state);
  Object.assign(fresh.state, fresh.optimizer.init(tensorSpace, fresh.z));
  const kept = keptPlayers(old.config, fresh.config).filter(({ slots }) => slots.every((slot) => old.state.slots[slot] && fresh.state.slots[slot]));
  for (const { player, slots } of kept) {
    for (const slot of slots) setBlock(fresh.state.slots[slot][player], old.state.slots[slot][player].tensors.map((t) => tf.clone(t)));
    fresh.state.counts[player] = old.state.counts[player];
  }
  return kept;
}

/**
 * A trainer for `raw` that continues `old` as far as the new configuration allows (see the module comment). A bad
 * configuration is an InputError (from gan/config.ts or createTrainer), and `old` is untouched either way.
 */
export async function carryOver(old: GanTrainer, raw: GanConfigInput | GanConfig): Promise<Carried> {
  const next = parseGanConfig(raw);
  const fresh = createTrainer(next);
  try {
    if (next.seed !== old.config.seed || !sameShapes(old, fresh)) {
      const reasons = restartReasons(old.config, next);
      return { trainer: fresh, carried: 'nothing', because: `restarted: ${reasons.join('; ') || "the networks' shapes changed"}` };
    }
    if (next.optimizer === old.config.optimizer && show(stateSlots(fresh)) === show(stateSlots(old))) {
      const artifacts = await trainerArtifacts(old);
      const meta = (artifacts.userDefinedMetadata as { saddle: CheckpointMetadata }).saddle;
      try {
        const trainer = trainerFromArtifacts({ ...artifacts, userDefinedMetadata: { saddle: { ...meta, config: next } as {} } }, 'live change');
        fresh.dispose();
        return { trainer, carried: 'everything' };
      } catch (e) {
        // A state the checkpoint format cannot move across (a future per-player layout): keep the weights below.
        if (!(e instanceof InputError)) throw e;
      }
    }
    const kept = carryWeights(old, fresh);
    const optimizer = next.optimizer === old.config.optimizer ? `optimizer ${next.optimizer} now keeps ${show(stateSlots(fresh))} (it kept ${show(stateSlots(old))})` : `the optimizer changed (${old.config.optimizer} → ${next.optimizer})`;
    const keptState = kept.filter((k) => k.slots.length > 0);
    const also =
      keptState.length === 2 && keptState[0].rule === keptState[1].rule ? `both players' ${keptState[0].rule} state` : keptState.map(({ player, rule }) => `the ${PLAYERS[player]}'s ${rule} state`).join(' and ');
    const afresh = keptState.length === 0 ? 'its state starts afresh' : keptState.length === 1 ? `the ${PLAYERS[1 - keptState[0].player]}'s state starts afresh` : 'the rest of its state starts afresh';
    return { trainer: fresh, carried: 'weights', because: `kept the weights, the step${also ? ` and ${also}` : ''}; ${optimizer}, so ${afresh}` };
  } catch (e) {
    fresh.dispose();
    throw e;
  }
}
