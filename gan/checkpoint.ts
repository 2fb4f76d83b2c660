/**
 * Checkpoints of the GAN trainer, in tf.io's formats: a resumed run continues exactly as an uninterrupted one.
 *
 * A checkpoint is one tf.io `ModelArtifacts`:
 * - `weightSpecs` + `weightData`: the generator's and the discriminator's flat parameter vectors (`generator`,
 *   `discriminator`) and every non-scratch slot of the optimizer state (`optimizer/m/0`: slot `m`, player 0; Adam's
 *   moments, momentum's velocity, optimistic's previous gradient, an average), float32, bit for bit;
 * - `userDefinedMetadata.saddle`: the configuration, the generator step count, the optimizer's `t` and per-player
 *   `counts`, and the position of every seeded random stream that advances after construction (data, latent codes,
 *   noise, the metrics' streams; Box–Muller's pending deviate included). Nothing else carries state between steps:
 *   the optimizers keep theirs in {@link OptState} by design, and slots whose name starts with `_` are rewritten
 *   before they are read.
 *
 * Loading builds a fresh trainer from the saved configuration (so the networks, field and optimizer are made and
 * validated as {@link createTrainer} makes them), then overwrites its weights, slots, counters and streams. The
 * next step then draws the same minibatch and applies the same update as the uninterrupted run's next step, so its
 * parameters after any number of further steps are equal as floats (test/gan/checkpoint.test.ts). One thing differs:
 * the minibatch held *before* the first step after loading (what `evaluate()` would read before any step) is the
 * one drawn at construction; every step resamples first, so training and its metrics are unaffected.
 *
 * Where it goes, by the same two functions:
 * - a file path (Node): {@link fileHandler}, the layout of tfjs-node's `file://` and of the browser's
 *   `downloads://`: the JSON (`model.json` format, weights manifest included) at the path, the weights beside it in
 *   `<name>.weights.bin`. So a checkpoint downloaded from the browser loads in Node from its `.json` file.
 * - a tf.io URL (`indexeddb://name`, `downloads://name`, `localstorage://name`) through tf.io's own handlers, in
 *   the browser; or any `tf.io.IOHandler` (`tf.io.browserFiles([json, bin])` to load a download).
 *
 * Every problem with a checkpoint (not one, corrupted, truncated, from another model, inconsistent) is an
 * {@link InputError} that says what is wrong, raised before any tensor is made or after all of them are freed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, show } from '../src/errors.ts';
import type { OptState } from '../src/optim/index.ts';
import { parseGanConfig, type GanConfig } from './config.ts';
import type { RngState } from './random.ts';
import { rematerialize } from './rematerialize.ts';
import { setBlock, type TensorBlock } from './tensor-space.ts';
import { createTrainer, STREAMS, type GanTrainer } from './train.ts';

/** The `format` field of a Saddle checkpoint, and the version of its metadata. */
export const CHECKPOINT_FORMAT = 'saddle-gan-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** What `userDefinedMetadata.saddle` holds. */
export interface CheckpointMetadata {
  version: number;
  config: GanConfig;
  /** Generator steps taken. */
  step: number;
  /**
   * The optimizer's name as the configuration reads it (`adam`, or `adam,simgda` with one per player: the generator's
   * and the discriminator's rules), its step `t`, each player's update count and the slots saved. With one rule per
   * player the slots are the union of the rules' slots, a block per player each (src/optim per-player.ts).
   */
  optimizer: { name: string; t: number; counts: number[]; slots: string[] };
  streams: Record<string, RngState>;
}

/** A destination or source: a file path (Node), a tf.io URL (`indexeddb://…`), or an IOHandler. */
export type CheckpointTarget = string | tf.io.IOHandler;

/** Where errors about `target` say the checkpoint is. */
const whereOf = (target: CheckpointTarget) => (typeof target === 'string' ? `checkpoint ${target}` : 'checkpoint');

/** A URL with a scheme (`indexeddb://`), as opposed to a file path (a Windows drive letter is not a scheme). */
const isUrl = (s: string) => /^[a-z][a-z0-9+.-]+:\/\//i.test(s);

/** The tensors a trainer checkpoints, by weight name, in a fixed order. */
function namedBlocks(trainer: GanTrainer): { name: string; block: TensorBlock; index: number }[] {
  const out: { name: string; block: TensorBlock; index: number }[] = [];
  const add = (prefix: string, block: TensorBlock) => {
    block.tensors.forEach((_, index) => out.push({ name: block.tensors.length === 1 ? prefix : `${prefix}/${index}`, block, index }));
  };
  add('generator', trainer.generator.block);
  add('discriminator', trainer.discriminator.block);
  // Batch norm's running averages: not trained, but what sampling uses.
  if (trainer.generator.stats) add('generator/stats', trainer.generator.stats);
  if (trainer.discriminator.stats) add('discriminator/stats', trainer.discriminator.stats);
  for (const slot of savedSlots(trainer.state)) trainer.state.slots[slot].forEach((b, player) => add(`optimizer/${slot}/${player}`, b));
  return out;
}

/** The slots that carry state between steps (names starting with `_` are scratch). */
const savedSlots = (state: OptState<TensorBlock>) => Object.keys(state.slots).filter((k) => !k.startsWith('_')).sort();

/** The trainer as tf.io model artifacts (reads the tensors back). */
export async function trainerArtifacts(trainer: GanTrainer): Promise<tf.io.ModelArtifacts> {
  const named = namedBlocks(trainer).map(({ name, block, index }) => ({ name, tensor: block.tensors[index] }));
  const { data, specs } = await tf.io.encodeWeights(named);
  const metadata: CheckpointMetadata = {
    version: CHECKPOINT_VERSION,
    config: trainer.config,
    step: trainer.step,
    optimizer: { name: trainer.config.optimizer, t: trainer.state.t, counts: [...trainer.state.counts], slots: savedSlots(trainer.state) },
    streams: Object.fromEntries(STREAMS.map((s) => [s, trainer.streams[s].getState()])),
  };
  return {
    modelTopology: { generator: trainer.generator.slots, discriminator: trainer.discriminator.slots },
    format: CHECKPOINT_FORMAT,
    generatedBy: 'saddle gan',
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: { saddle: JSON.parse(JSON.stringify(metadata)) as {} },
  };
}

/**
 * Saves the trainer to a file path (Node; the JSON at the path, the weights in `<name>.weights.bin` beside it), a
 * tf.io URL (`indexeddb://name`, `downloads://name` in the browser) or an IOHandler.
 */
export async function saveTrainer(trainer: GanTrainer, target: CheckpointTarget): Promise<tf.io.SaveResult> {
  const handler = handlerFor(target, 'save');
  const artifacts = await trainerArtifacts(trainer);
  try {
    return await handler.save!(artifacts);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(whereOf(target), `cannot save: ${(e as Error).message ?? String(e)}`);
  }
}

/**
 * A trainer restored from a checkpoint: built from the saved configuration, then given the saved weights, optimizer
 * state, step count and random streams. `options.metricsEvery` may change how often metrics are read (it does not
 * change the training numbers); nothing else of the configuration can change on resume.
 */
export async function loadTrainer(source: CheckpointTarget, options: { metricsEvery?: number } = {}): Promise<GanTrainer> {
  const where = whereOf(source);
  return trainerFromArtifacts(await loadArtifacts(source, where), where, options);
}

/** The metadata of a checkpoint without building a trainer (to compare configurations before resuming). */
export async function readCheckpoint(source: CheckpointTarget): Promise<CheckpointMetadata> {
  const where = whereOf(source);
  return checkMetadata(await loadArtifacts(source, where), where);
}

/** Reads a checkpoint's artifacts; a handler's failure is an InputError naming the checkpoint. */
async function loadArtifacts(source: CheckpointTarget, where: string): Promise<tf.io.ModelArtifacts> {
  const handler = handlerFor(source, 'load');
  try {
    return await handler.load!();
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(where, `cannot load: ${(e as Error).message ?? String(e)}`);
  }
}

/**
 * Restores a trainer from artifacts; every inconsistency is an InputError, and no tensor is left behind on error.
 * Every restored tensor is passed once through x + 0 (gan/rematerialize.ts), so every load path (the browser's,
 * the command line's `--checkpoint` resume, a live change) gets the same numbers on webgl as the saved run.
 */
export function trainerFromArtifacts(artifacts: tf.io.ModelArtifacts, where = 'checkpoint', options: { metricsEvery?: number } = {}): GanTrainer {
  const meta = checkMetadata(artifacts, where);
  const config = options.metricsEvery === undefined ? meta.config : { ...meta.config, metricsEvery: options.metricsEvery };
  let trainer: GanTrainer;
  try {
    trainer = createTrainer(config);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${where}, ${e.where}`, e.what, e.path, e.at);
    throw e;
  }
  try {
    restore(trainer, artifacts, meta, where);
    // Restored on the device's own layout, so that on webgl a loaded run's samples are the saved run's bit for bit.
    return rematerialize(trainer);
  } catch (e) {
    trainer.dispose();
    throw e;
  }
}

function restore(trainer: GanTrainer, artifacts: tf.io.ModelArtifacts, meta: CheckpointMetadata, where: string): void {
  const state = trainer.state;
  const slots = savedSlots(state);
  if (meta.optimizer.name !== trainer.config.optimizer) {
    throw new InputError(where, `its optimizer state is for ${show(meta.optimizer.name)}, its config says ${show(trainer.config.optimizer)}`);
  }
  if (show(meta.optimizer.slots) !== show(slots)) {
    throw new InputError(where, `optimizer ${trainer.config.optimizer} keeps slots ${show(slots)}, the checkpoint has ${show(meta.optimizer.slots)}`);
  }
  if (meta.optimizer.counts.length !== state.counts.length) {
    throw new InputError(where, `optimizer counts: expected ${state.counts.length} players, got ${meta.optimizer.counts.length}`);
  }
  // Check every weight's name, dtype and shape, and the byte count, before making any tensor.
  const expected = namedBlocks(trainer);
  const specs = artifacts.weightSpecs ?? [];
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const { name, block, index } of expected) {
    const spec = byName.get(name);
    const shape = block.tensors[index].shape;
    if (!spec) throw new InputError(where, `weight ${show(name)} is missing`);
    if (spec.dtype !== 'float32' || spec.quantization) throw new InputError(where, `weight ${show(name)} must be unquantized float32, got ${show(spec.quantization ? `${spec.quantization.dtype} quantized` : spec.dtype)}`);
    if (show(spec.shape) !== show(shape)) {
      throw new InputError(where, `weight ${show(name)} has shape ${show(spec.shape)}, the configured ${name.split('/')[0]} needs ${show(shape)}`);
    }
  }
  const extra = specs.find((s) => !expected.some((e) => e.name === s.name));
  if (extra) throw new InputError(where, `unexpected weight ${show(extra.name)}`);
  const bytes = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  const data = artifacts.weightData === undefined ? undefined : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  if (!data || data.byteLength !== bytes) throw new InputError(where, `weight data has ${data?.byteLength ?? 0} bytes, its specs need ${bytes} (truncated or corrupted)`);
  const values = tf.io.decodeWeights(data, specs);
  // Non-finite weights are a corrupted file (a training run that diverged stops and is not saved).
  for (const { name } of expected) {
    const t = values[name];
    const v = t.dataSync();
    if (!v.every(Number.isFinite)) {
      for (const u of Object.values(values)) u.dispose();
      throw new InputError(where, `weight ${show(name)} holds non-finite values (corrupted)`);
    }
  }
  // setBlock assigns into a Variable (the networks keep theirs) and swaps a plain tensor, freeing the old one.
  for (const { name, block, index } of expected) setBlock(block, block.tensors.map((t, i) => (i === index ? values[name] : t)));
  state.t = meta.optimizer.t;
  state.counts = [...meta.optimizer.counts];
  trainer.step = meta.step;
  for (const s of STREAMS) trainer.streams[s].setState(meta.streams[s]);
}

/** Reads and checks `userDefinedMetadata.saddle` (format, version, config, counters, streams). */
function checkMetadata(artifacts: tf.io.ModelArtifacts, where: string): CheckpointMetadata {
  if (artifacts.format !== CHECKPOINT_FORMAT) {
    throw new InputError(where, `not a Saddle GAN checkpoint (format ${show(artifacts.format ?? null)}, expected ${show(CHECKPOINT_FORMAT)})`);
  }
  const raw = artifacts.userDefinedMetadata?.saddle as Partial<CheckpointMetadata> | undefined;
  if (!raw || typeof raw !== 'object') throw new InputError(where, 'its metadata (userDefinedMetadata.saddle) is missing');
  if (raw.version !== CHECKPOINT_VERSION) throw new InputError(where, `metadata version ${show(raw.version ?? null)} is not supported (this Saddle reads version ${CHECKPOINT_VERSION})`);
  let config: GanConfig;
  try {
    config = parseGanConfig(raw.config);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${where}, ${e.where}`, e.what, e.path, e.at);
    throw e;
  }
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (!count(raw.step)) throw new InputError(where, `step must be a count, got ${show(raw.step ?? null)}`);
  const opt = raw.optimizer;
  if (!opt || typeof opt !== 'object' || typeof opt.name !== 'string' || !count(opt.t) || !Array.isArray(opt.counts) || !opt.counts.every(count) || !Array.isArray(opt.slots) || !opt.slots.every((s) => typeof s === 'string')) {
    throw new InputError(where, `optimizer state must be {name, t, counts, slots}, got ${show(opt ?? null)}`);
  }
  const streams = raw.streams;
  if (!streams || typeof streams !== 'object') throw new InputError(where, 'the random streams are missing');
  for (const s of STREAMS) {
    const r = (streams as Record<string, RngState | undefined>)[s];
    const ok = r && Number.isInteger(r.state) && r.state >= 0 && r.state < 2 ** 32 && (r.spare === null || Number.isFinite(r.spare));
    if (!ok) throw new InputError(where, `random stream ${show(s)} must be {state: a uint32, spare: a number or null}, got ${show(r ?? null)}`);
  }
  return { version: raw.version, config, step: raw.step as number, optimizer: opt, streams: streams as Record<string, RngState> };
}

/** The IOHandler for a target: a given handler as it is, a plain path (or file://) through the Node file handler, or a tf.io URL. */
function handlerFor(target: CheckpointTarget, use: 'save' | 'load'): tf.io.IOHandler {
  if (typeof target !== 'string') {
    if (typeof target[use] !== 'function') throw new InputError('checkpoint', `the IOHandler cannot ${use}`);
    return target;
  }
  if (!isUrl(target) || target.startsWith('file://')) return fileHandler(target.replace(/^file:\/\//, ''));
  const handlers = use === 'save' ? tf.io.getSaveHandlers(target) : tf.io.getLoadHandlers(target);
  if (handlers.length !== 1) throw new InputError(whereOf(target), noHandler(target, use));
  return handlers[0];
}

const noHandler = (url: string, what: string) =>
  `tf.io has ${what === 'save' ? 'no save' : 'no load'} handler for ${show(url)} here (indexeddb:// and localstorage:// exist in the browser only, downloads:// saves only; in Node give a file path)`;

/** The weights file beside a checkpoint's JSON: `run.json` → `run.weights.bin`, `run.ckpt` → `run.ckpt.weights.bin`. */
export function weightsPathOf(path: string): string {
  return `${path.replace(/\.json$/i, '')}.weights.bin`;
}

/**
 * A tf.io IOHandler over node:fs (tfjs-node's file handler without tfjs-node): `save` writes the model JSON at
 * `path` (the `model.json` layout: modelTopology, format, weightsManifest with a relative path, userDefinedMetadata)
 * and the weights at {@link weightsPathOf}(path), each through a temporary file renamed into place (weights first),
 * so an interrupted save leaves the previous checkpoint whole; `load` reads them back, resolving the manifest's
 * paths against the JSON's folder (so it also loads what `downloads://` saved). Node only: node:fs is imported
 * when the handler runs.
 */
export function fileHandler(path: string): tf.io.IOHandler {
  const where = `checkpoint ${path}`;
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const [fs, nodePath] = await Promise.all([import('node:fs/promises'), import('node:path')]);
      const weightsPath = weightsPathOf(path);
      const { weightData, weightSpecs, ...rest } = artifacts;
      const modelJson: tf.io.ModelJSON = {
        ...rest,
        modelTopology: rest.modelTopology ?? {},
        weightsManifest: [{ paths: [`./${nodePath.basename(weightsPath)}`], weights: weightSpecs ?? [] }],
      } as tf.io.ModelJSON;
      const data = weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(weightData);
      const write = async (file: string, contents: string | Uint8Array) => {
        const tmp = `${file}.tmp-${process.pid}`;
        await fs.writeFile(tmp, contents);
        await fs.rename(tmp, file);
      };
      try {
        await write(weightsPath, new Uint8Array(data));
        await write(path, JSON.stringify(modelJson));
      } catch (e) {
        throw new InputError(where, `cannot write: ${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message}`.replace(/  +/g, ' '));
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const [fs, nodePath] = await Promise.all([import('node:fs/promises'), import('node:path')]);
      let text: string;
      try {
        text = await fs.readFile(path, 'utf8');
      } catch (e) {
        throw new InputError(where, `cannot read: ${(e as Error).message}`);
      }
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(text) as tf.io.ModelJSON;
      } catch (e) {
        throw new InputError(where, `not a checkpoint: its JSON does not parse (${(e as Error).message})`);
      }
      if (!json || typeof json !== 'object' || !Array.isArray(json.weightsManifest)) {
        throw new InputError(where, 'not a checkpoint: no weightsManifest (expected the model.json layout of tf.io)');
      }
      const dir = nodePath.dirname(path);
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            const file = nodePath.resolve(dir, p);
            try {
              const b = await fs.readFile(file);
              buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
            } catch (e) {
              throw new InputError(where, `cannot read its weights ${file}: ${(e as Error).message}`);
            }
          }
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/**
 * The first difference between a saved configuration and the values given for a resume (`given`: a partial
 * configuration, as the command line builds it; nested `latent`, `generator`, `discriminator` merge key by key).
 * `metricsEvery` may differ. Returns the path of the differing value with both values, or undefined.
 */
export function configDifference(saved: GanConfig, given: Record<string, unknown>): { path: string[]; saved: unknown; given: unknown } | undefined {
  const merged: Record<string, unknown> = { ...saved };
  for (const [k, v] of Object.entries(given)) {
    const nested = ['latent', 'generator', 'discriminator'].includes(k) && v && typeof v === 'object';
    merged[k] = nested ? { ...(saved as Record<string, unknown>)[k] as object, ...(v as object) } : v;
  }
  const wanted = parseGanConfig(merged);
  for (const key of Object.keys(saved) as (keyof GanConfig)[]) {
    if (key === 'metricsEvery') continue;
    const [a, b] = [saved[key], wanted[key]];
    if (canonical(a) === canonical(b)) continue;
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && key !== 'options' && key !== 'dataset') {
      for (const sub of Object.keys(a)) {
        const [x, y] = [(a as Record<string, unknown>)[sub], (b as Record<string, unknown>)[sub]];
        if (canonical(x) !== canonical(y)) return { path: [key, sub], saved: x, given: y };
      }
    }
    return { path: [key], saved: a, given: b };
  }
  return undefined;
}

/** JSON with object keys sorted, for comparing configurations. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x,
  );
}
