/**
 * Where a GAN element keeps a trained run in the browser, shared by `<saddle-gan-images>` and `<saddle-gan-trainer>`:
 * a checkpoint of gan/checkpoint.ts (weights, batch-norm statistics, optimizer state, step, random streams,
 * configuration) saved to and loaded from
 * - **this browser**: IndexedDB through tf.io's `indexeddb://` handler, one slot per element ({@link browserKey});
 * - **files**: the two files of tf.io's `downloads://` layout, `<name>.json` (the model.json format: configuration
 *   and weights manifest) and `<name>.weights.bin`, which `saddle gan --checkpoint` reads as they are
 *   (checkpoint.ts `fileHandler`). {@link checkpointFiles} makes them as `File`s (so scripts and tests get them
 *   without a download), {@link download} hands them to the browser, {@link artifactsFromFiles} reads them back.
 *   Unlike `tf.io.browserFiles`, it does not need the weights file to keep its name: a browser that saved it as
 *   `run.weights (1).bin` still loads.
 *
 * {@link restoreTrainer} builds the trainer from what was read, after the element's own check (`accept`: the images
 * element takes only MNIST checkpoints, the 2-D trainer only checkpoints of 2-D data). Every failure (nothing saved yet, not a checkpoint, a checkpoint of
 * another element, weights that do not fit their configuration) is an InputError that says so, raised before
 * anything of the running trainer is touched, so a failed load loses nothing.
 *
 * This module imports tfjs: import it only from an element's lazily loaded engine, never from an element's file.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, show } from '../../src/errors.ts';
import { CHECKPOINT_FORMAT, saveTrainer, trainerArtifacts, trainerFromArtifacts } from '../../gan/checkpoint.ts';
import { parseGanConfig, type GanConfig } from '../../gan/config.ts';
import type { GanTrainer } from '../../gan/train.ts';

/** The IndexedDB name of an element's slot: `saddle-gan-images`, or `saddle-gan-images-<id>` for an element with an id. */
export function browserKey(base: string, id?: string | null): string {
  return id ? `${base}-${id}` : base;
}

const inBrowser = (key: string) => `checkpoint ${show(key)} in this browser`;

/** Saves the trainer in this browser's IndexedDB under `key` (replacing what was there). */
export async function saveInBrowser(trainer: GanTrainer, key: string): Promise<void> {
  try {
    await saveTrainer(trainer, `indexeddb://${key}`);
  } catch (e) {
    throw new InputError(inBrowser(key), `cannot save: ${e instanceof InputError ? e.what : (e as Error).message}`);
  }
}

/** Reads the checkpoint saved in this browser under `key`; nothing saved there is an InputError that says so. */
export async function artifactsFromBrowser(key: string): Promise<tf.io.ModelArtifacts> {
  const [handler] = tf.io.getLoadHandlers(`indexeddb://${key}`);
  if (!handler?.load) throw new InputError(inBrowser(key), 'this browser offers no IndexedDB');
  try {
    return await handler.load();
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (/cannot find model/i.test(message)) throw new InputError(inBrowser(key), 'nothing is saved under this name yet (save in the browser first)');
    throw new InputError(inBrowser(key), `cannot load: ${message}`);
  }
}

/**
 * The checkpoint as the two files of tf.io's `downloads://name` layout: `<name>.json` (model.json: the topology, the
 * format, the metadata, and a weights manifest whose path is `./<name>.weights.bin`) and `<name>.weights.bin`.
 */
export async function checkpointFiles(trainer: GanTrainer, name: string): Promise<[File, File]> {
  const { weightData, weightSpecs, ...rest } = await trainerArtifacts(trainer);
  const weightsName = `${name}.weights.bin`;
  const json: tf.io.ModelJSON = {
    ...rest,
    modelTopology: rest.modelTopology ?? {},
    weightsManifest: [{ paths: [`./${weightsName}`], weights: weightSpecs ?? [] }],
  } as tf.io.ModelJSON;
  const data = weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(weightData);
  return [
    new File([JSON.stringify(json)], `${name}.json`, { type: 'application/json' }),
    new File([data], weightsName, { type: 'application/octet-stream' }),
  ];
}

/** Hands files to the browser's downloads (one link click each), then frees their object URLs. */
export function download(files: readonly File[]): void {
  for (const file of files) {
    const url = URL.createObjectURL(file);
    const a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    a.dispatchEvent(new MouseEvent('click'));
    // The download has read the URL by the time the page gets a minute further.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

/**
 * Reads a checkpoint from the files a person picked: exactly one `.json` (the model.json layout) and its weights
 * (`.bin`). With one `.bin` file it is taken whatever its name; with several, the one the manifest names.
 */
export async function artifactsFromFiles(files: readonly File[]): Promise<tf.io.ModelArtifacts> {
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  const bins = files.filter((f) => /\.bin$/i.test(f.name));
  if (jsons.length !== 1 || bins.length === 0) {
    throw new InputError('checkpoint files', `choose both files of a checkpoint, its .json and its .weights.bin (got ${files.length ? files.map((f) => show(f.name)).join(', ') : 'none'})`);
  }
  const where = `checkpoint ${show(jsons[0].name)}`;
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(await jsons[0].text()) as tf.io.ModelJSON;
  } catch (e) {
    throw new InputError(where, `not a checkpoint: its JSON does not parse (${(e as Error).message})`);
  }
  if (!json || typeof json !== 'object' || !Array.isArray(json.weightsManifest) || json.weightsManifest.length !== 1 || !Array.isArray(json.weightsManifest[0].paths)) {
    throw new InputError(where, 'not a checkpoint: expected the model.json layout of tf.io with one weights manifest');
  }
  const named = json.weightsManifest[0].paths.map((p) => p.split('/').pop()!);
  const bin = bins.length === 1 ? bins[0] : bins.find((f) => named.includes(f.name));
  if (!bin) throw new InputError(where, `its weights are in ${named.map((n) => show(n)).join(', ')}: choose that file with it`);
  const data = await bin.arrayBuffer();
  return tf.io.getModelArtifactsForJSON(json, async (manifest) => [tf.io.getWeightSpecs(manifest), data]);
}

/** The configuration a checkpoint says it was trained with, if it is a Saddle checkpoint with a valid one. */
export function checkpointConfig(artifacts: tf.io.ModelArtifacts): GanConfig | undefined {
  if (artifacts.format !== CHECKPOINT_FORMAT) return undefined;
  const saddle = artifacts.userDefinedMetadata?.saddle as { config?: unknown } | undefined;
  try {
    return parseGanConfig(saddle?.config);
  } catch {
    return undefined;
  }
}

/**
 * The trainer a checkpoint holds, on the active backend. `accept` may refuse a valid checkpoint for this element (it
 * returns the reason); every other problem is checkpoint.ts's InputError. Nothing is allocated on failure.
 */
export function restoreTrainer(artifacts: tf.io.ModelArtifacts, where: string, accept?: (config: GanConfig) => string | undefined): GanTrainer {
  const config = checkpointConfig(artifacts);
  const refused = config && accept?.(config);
  if (refused) throw new InputError(where, refused);
  // trainerFromArtifacts restores on the device's own layout (gan/rematerialize.ts): on webgl the samples are the saved run's bit for bit.
  return trainerFromArtifacts(artifacts, where);
}

/** The trainer saved in this browser under `key` (see {@link restoreTrainer} for `accept`). */
export async function loadFromBrowser(key: string, accept?: (config: GanConfig) => string | undefined): Promise<GanTrainer> {
  return restoreTrainer(await artifactsFromBrowser(key), inBrowser(key), accept);
}

/** The trainer in the checkpoint files a person picked (see {@link artifactsFromFiles}, {@link restoreTrainer}). */
export async function loadFromFiles(files: readonly File[], accept?: (config: GanConfig) => string | undefined): Promise<GanTrainer> {
  const artifacts = await artifactsFromFiles(files);
  const json = files.find((f) => /\.json$/i.test(f.name))!;
  return restoreTrainer(artifacts, `checkpoint ${show(json.name)}`, accept);
}

/** Where an element saves a run: its slot in this browser, or two files `<name>.json` and `<name>.weights.bin` (handed to the browser's downloads with `download`). */
export type SaveTo = { browser: string } | { files: string; download?: boolean };

/** Where an element loads a run from: its slot in this browser, or the files a person picked. */
export type LoadFrom = { browser: string } | { files: readonly File[] };

/**
 * What a GAN element's save buttons do (both elements alike): saves `trainer` as `to` says and returns the note the
 * element shows ("saved step 5 in this browser", "downloaded step 5 as run.json and run.weights.bin") and the files
 * made (none for the browser). Failures are {@link saveInBrowser}'s and {@link checkpointFiles}'s InputErrors.
 */
export async function saveRun(trainer: GanTrainer, to: SaveTo): Promise<{ note: string; files: File[] }> {
  if ('browser' in to) {
    await saveInBrowser(trainer, to.browser);
    return { note: `saved step ${trainer.step} in this browser`, files: [] };
  }
  const files = await checkpointFiles(trainer, to.files);
  if (to.download) download(files);
  return { note: `${to.download ? 'downloaded' : 'saved'} step ${trainer.step} as ${files.map((f) => f.name).join(' and ')}`, files };
}

/**
 * What a GAN element's load buttons do (both elements alike): the trainer saved in this browser or in the picked
 * files, after the element's `accept` (see {@link restoreTrainer}), with the note the element shows ("loaded step 5
 * from run.json"). Every failure is an InputError that says why, and nothing is left allocated.
 */
export async function loadRun(from: LoadFrom, accept?: (config: GanConfig) => string | undefined): Promise<{ trainer: GanTrainer; note: string }> {
  const trainer = 'browser' in from ? await loadFromBrowser(from.browser, accept) : await loadFromFiles(from.files, accept);
  const source = 'browser' in from ? 'this browser' : (from.files.find((f) => /\.json$/i.test(f.name))?.name ?? 'the files');
  return { trainer, note: `loaded step ${trainer.step} from ${source}; the controls show its settings` };
}
