/**
 * Checkpoints: N + M steps straight equal N steps, save, load into a fresh trainer, M steps (every float, the
 * optimizer state, the step count and what the metrics streams draw), for the stateful optimizers; a corrupted or
 * mismatched checkpoint is an InputError that says what is wrong; save and load leak no tensor.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { loadTrainer, saveTrainer, trainerArtifacts, weightsPathOf } from '../../gan/checkpoint.ts';
import { blockToArray } from '../../gan/tensor-space.ts';
import { createTrainer, type GanTrainer } from '../../gan/train.ts';
import { InputError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'saddle-checkpoint-'));
beforeAll(async () => {
  await useBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const made: GanTrainer[] = [];
const keep = (t: GanTrainer) => (made.push(t), t);
const small = (extra: Record<string, unknown> = {}) => keep(createTrainer({ generator: { hidden: [6] }, discriminator: { hidden: [6] }, batch: 16, seed: 3, metricsEvery: 4, ...extra }));
afterEach(() => {
  while (made.length) made.pop()!.dispose();
});
const params = (t: GanTrainer) => [...blockToArray(t.generator.block), ...blockToArray(t.discriminator.block)];
const slots = (t: GanTrainer) => Object.fromEntries(Object.entries(t.state.slots).filter(([k]) => !k.startsWith('_')).map(([k, bs]) => [k, bs.map((b) => [...blockToArray(b)])]));
let fileCount = 0;
const newPath = () => join(dir, `run${fileCount++}.json`);

describe('a resumed run continues exactly as the uninterrupted one', () => {
  const cases: [string, Record<string, unknown>][] = [
    // batch 15 × latent dim 3: an odd count of normal deviates, so Box–Muller's pending deviate crosses the save.
    ['adam', { optimizer: 'adam', lr: [2e-3, 1e-3], kd: 2, batch: 15, latent: { dim: 3 } }],
    ['momentum', { optimizer: 'momentum', lr: 0.02, options: { beta: -0.3, alternating: true }, regularizer: 'instance-noise' }],
    ['ogda', { optimizer: 'ogda', lr: 0.02, options: { average: 'ema' }, loss: 'wgan-gp' }],
    // Batch norm: the running averages are not trained but sampling (score) reads them, so they must be saved.
    ['adam, batch norm', { optimizer: 'adam', lr: 2e-3, generator: { hidden: [6], batchNorm: true }, discriminator: { hidden: [6], batchNorm: true } }],
    // One optimizer per player: Adam's moments for G, momentum's velocity for D, each in its player's blocks.
    ['adam for G, momentum for D', { optimizer: ['adam', 'momentum'], lr: [2e-3, 0.02], options: { beta1: 0.5, beta: -0.3 }, kd: 2 }],
    // D's Fourier matrix is not saved: it is drawn again from the seed, and the scales are configuration.
    ['Fourier D, scaled networks, R1', { generator: { hidden: [6], outputScale: 2 }, discriminator: { hidden: [6], inputScale: 2, fourier: { features: 5, scale: 0.7, includeInput: true } }, regularizer: 'r1', gamma: 0.5 }],
    // The schedules of η and γ depend on the step count only: a resumed run is on schedule.
    ['packed Fourier D, η and γ decayed across the save', { pack: 2, discriminator: { hidden: [6], fourier: { features: 3, scale: 1, includeInput: true } }, regularizer: 'r1', gamma: 2, lrDecay: { shape: 'cosine', start: 4, end: 11, to: 0.1 }, gammaDecay: { shape: 'linear', start: 3, end: 10, to: 0.01 } }],
  ];
  const stats = (t: GanTrainer) => [t.generator.stats, t.discriminator.stats].map((b) => (b ? [...blockToArray(b)] : []));
  it.each(cases)('%s: N + M steps straight = N, save to a file, load, M (every float equal)', async (_, config) => {
    const [N, M] = [7, 6];
    const straight = small(config);
    straight.train(N + M);
    const first = small(config);
    first.train(N);
    const path = newPath();
    await first.save(path);
    const resumed = keep(await loadTrainer(path));
    expect(resumed.step).toBe(N);
    expect(resumed.config).toEqual(first.config);
    expect(params(resumed)).toEqual(params(first));
    const r = resumed.train(M);
    expect(r.steps).toBe(N + M);
    expect(params(resumed)).toEqual(params(straight));
    expect(slots(resumed)).toEqual(slots(straight));
    expect(Object.keys(slots(straight)).length).toBeGreaterThan(0);
    expect(resumed.state.t).toBe(straight.state.t);
    expect(resumed.state.counts).toEqual(straight.state.counts);
    expect(stats(resumed)).toEqual(stats(straight));
    expect(resumed.score()).toEqual(straight.score());
    // And the checkpoint is the tf.io layout: model.json with a manifest pointing at the weights beside it.
    const json = JSON.parse(readFileSync(path, 'utf8')) as tf.io.ModelJSON;
    expect(json.format).toBe('saddle-gan-checkpoint');
    expect(json.weightsManifest[0].paths).toEqual([`./run${fileCount - 1}.weights.bin`]);
  });

  it('an IOHandler in memory (the browser handlers’ path: tf.io.withSaveHandler / fromMemory) round-trips too', async () => {
    const config = { optimizer: 'adam', lr: 1e-3 };
    const straight = small(config);
    straight.train(10);
    const first = small(config);
    first.train(4);
    let saved: tf.io.ModelArtifacts | undefined;
    await saveTrainer(first, tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) })));
    const resumed = keep(await loadTrainer(tf.io.fromMemory(saved!)));
    resumed.train(6);
    expect(params(resumed)).toEqual(params(straight));
  });

  it('a checkpoint saved again after resuming resumes again; --every style metricsEvery override leaves the numbers alone', async () => {
    const straight = small();
    straight.train(9);
    const a = small();
    a.train(3);
    const path = newPath();
    await a.save(path);
    const b = keep(await loadTrainer(path, { metricsEvery: 1 }));
    expect(b.config.metricsEvery).toBe(1);
    b.train(3);
    await b.save(path);
    const c = keep(await loadTrainer(path));
    c.train(3);
    expect(params(c)).toEqual(params(straight));
  });
});

describe('no tensor leak across save and load', () => {
  it('save leaves the count unchanged; load then dispose returns it to where it was', async () => {
    const t = small({ optimizer: 'adam' });
    t.train(3);
    const path = newPath();
    const before = tf.memory().numTensors;
    await t.save(path);
    await trainerArtifacts(t);
    expect(tf.memory().numTensors).toBe(before);
    const u = await loadTrainer(path);
    u.train(2);
    u.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a corrupted or mismatched checkpoint is an InputError that says what is wrong (and leaks nothing)', () => {
  /** A fresh checkpoint at a new path, with its JSON edited by `edit` (and its weights by `editWeights`). */
  async function broken(edit?: (json: Record<string, any>) => void, editWeights?: (b: Buffer) => Buffer): Promise<string> {
    const t = small({ optimizer: 'ogda', lr: 0.01 });
    t.train(2);
    const path = newPath();
    await t.save(path);
    made.pop();
    t.dispose();
    if (edit) {
      const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
      edit(json);
      writeFileSync(path, JSON.stringify(json));
    }
    if (editWeights) writeFileSync(weightsPathOf(path), editWeights(readFileSync(weightsPathOf(path))));
    return path;
  }
  const meta = (j: Record<string, any>) => j.userDefinedMetadata.saddle;

  const cases: [string, () => Promise<string>, RegExp][] = [
    ['no such file', async () => join(dir, 'absent.json'), /cannot read/],
    ['not JSON', async () => {
      const p = newPath();
      writeFileSync(p, '{"weightsManifest": [');
      return p;
    }, /JSON does not parse/],
    ['another tf.io model', () => broken((j) => (j.format = 'layers-model')), /not a Saddle GAN checkpoint \(format "layers-model"/],
    ['truncated weights', () => broken(undefined, (b) => b.subarray(0, b.length - 8)), /weight data has \d+ bytes, its specs need \d+ \(truncated or corrupted\)/],
    ['missing weights file', () => broken((j) => (j.weightsManifest[0].paths = ['./nowhere.bin'])), /cannot read its weights .*nowhere\.bin/],
    ['NaN in the weights', () => broken(undefined, (b) => (b.writeFloatLE(Number.NaN, 0), b)), /weight "generator" holds non-finite values/],
    ['a config whose networks do not fit the weights', () => broken((j) => (meta(j).config.generator.hidden = [7])), /weight "generator" has shape \[\d+\], the configured generator needs \[\d+\]/],
    ['an invalid config', () => broken((j) => (meta(j).config.lr = -1)), /gan config, lr/],
    ['another optimizer’s state', () => broken((j) => (meta(j).config.optimizer = 'adam')), /its optimizer state is for "ogda", its config says "adam"/],
    ['another per-player optimizer’s state', () => broken((j) => (meta(j).config.optimizer = ['ogda', 'adam'])), /its optimizer state is for "ogda", its config says "ogda,adam"/],
    ['a missing random stream', () => broken((j) => delete meta(j).streams.latent), /random stream "latent" must be \{state/],
    ['a bad step count', () => broken((j) => (meta(j).step = -2)), /step must be a count, got -2/],
    ['a future version', () => broken((j) => (meta(j).version = 99)), /metadata version 99 is not supported/],
    ['an extra weight', () => broken((j) => j.weightsManifest[0].weights.push({ name: 'extra', shape: [1], dtype: 'float32' })), /unexpected weight "extra"/],
  ];
  it.each(cases)('%s', async (_, make, message) => {
    const path = await make();
    const before = tf.memory().numTensors;
    const error = await loadTrainer(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(message);
    expect((error as InputError).message).toContain(`checkpoint ${path}`);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('browser URLs have no handler in Node: an InputError says so', async () => {
    const t = small();
    await expect(saveTrainer(t, 'indexeddb://gan')).rejects.toThrow(/no save handler for "indexeddb:\/\/gan" here/);
    await expect(loadTrainer('downloads://gan')).rejects.toThrow(InputError);
  });
});
