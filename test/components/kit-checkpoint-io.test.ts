/**
 * The checkpoint files of the GAN elements (components/kit/checkpoint-io.ts), in Node (File and Blob are globals
 * in Node 20; IndexedDB is tested in the browser, test/browser/gan-images.browser.test.ts): the two files round-trip
 * a run exactly (the next steps equal the uninterrupted run's), whatever the weights file was renamed to; they are
 * the layout the command line resumes from (checkpoint.ts fileHandler); a wrong pick, a broken file, weights that do
 * not fit their configuration or a checkpoint the element refuses are InputErrors that say so and leak nothing;
 * `saveRun` and `loadRun` (both elements' buttons) round-trip a run with the notes the elements show; each element
 * refuses the other's checkpoints, naming the element they belong to.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsFromFiles, browserKey, checkpointConfig, checkpointFiles, loadFromFiles, loadRun, saveRun } from '../../components/kit/checkpoint-io.ts';
import { trainerCheckpoint } from '../../components/gan-trainer-engine.ts';
import { imagesCheckpoint } from '../../components/gan-images-engine.ts';
import { useBackend } from '../../gan/backend.ts';
import { parseGanConfig } from '../../gan/config.ts';
import { loadTrainer } from '../../gan/checkpoint.ts';
import { blockToArray } from '../../gan/tensor-space.ts';
import { createTrainer, type GanTrainer } from '../../gan/train.ts';
import { InputError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'saddle-checkpoint-io-'));
beforeAll(async () => {
  await useBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = { generator: { hidden: [6], batchNorm: true }, discriminator: { hidden: [5] }, batch: 10, seed: 2, metricsEvery: 1000 };
const params = (t: GanTrainer) => [...blockToArray(t.generator.block), ...blockToArray(t.discriminator.block)];
const stats = (t: GanTrainer) => [...blockToArray(t.generator.stats!)];

function trained(config: Record<string, unknown>, steps: number): GanTrainer {
  const t = createTrainer(config);
  for (let k = 0; k < steps; k++) t.iterate();
  return t;
}

/** A file of the same bytes under another name (as a browser saves a second download: "run (1).bin"). */
const renamed = async (f: File, name: string) => new File([await f.arrayBuffer()], name, { type: f.type });

/** The error `p` rejects with (or undefined). */
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('checkpoint files', () => {
  it('round-trip a run exactly: loaded, the next steps are the uninterrupted run’s, for any optimizer and any cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('adam', 'ogda', 'momentum', 'simgda'), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), async (optimizer, n, m, rename) => {
        const config = { ...BASE, optimizer, lr: 0.01 };
        const straight = trained(config, n + m);
        const first = trained(config, n);
        let files = await checkpointFiles(first, 'run');
        expect(files.map((f) => f.name)).toEqual(['run.json', 'run.weights.bin']);
        if (rename) files = [await renamed(files[1], 'run.weights (1).bin'), await renamed(files[0], 'run (1).json')];
        const resumed = await loadFromFiles(files);
        try {
          expect(resumed.step).toBe(n);
          expect(resumed.config).toEqual(first.config);
          expect(params(resumed)).toEqual(params(first));
          expect(stats(resumed)).toEqual(stats(first));
          for (let k = 0; k < m; k++) resumed.iterate();
          expect(params(resumed)).toEqual(params(straight));
          expect(stats(resumed)).toEqual(stats(straight));
        } finally {
          for (const t of [straight, first, resumed]) t.dispose();
        }
      }),
      { numRuns: 8 },
    );
  });

  it('are the layout the command line resumes from (checkpoint.ts reads them from disk)', async () => {
    const t = trained({ ...BASE, optimizer: 'adam' }, 3);
    const [json, bin] = await checkpointFiles(t, 'cli');
    writeFileSync(join(dir, json.name), Buffer.from(await json.arrayBuffer()));
    writeFileSync(join(dir, bin.name), Buffer.from(await bin.arrayBuffer()));
    const u = await loadTrainer(join(dir, 'cli.json'));
    expect(params(u)).toEqual(params(t));
    expect(u.step).toBe(3);
    expect(checkpointConfig(await artifactsFromFiles([json, bin]))).toEqual(t.config);
    u.dispose();
    t.dispose();
  });

  it('with several weights files, the one the manifest names is taken', async () => {
    const a = trained(BASE, 1);
    const b = trained({ ...BASE, seed: 9 }, 1);
    const [json] = await checkpointFiles(a, 'a');
    const [, binA] = await checkpointFiles(a, 'a');
    const [, binB] = await checkpointFiles(b, 'b');
    const u = await loadFromFiles([binB, json, binA]);
    expect(params(u)).toEqual(params(a));
    for (const t of [a, b, u]) t.dispose();
  });

  it('a wrong pick, a broken file, misfit weights or a refused checkpoint is an InputError that says so, and leaks nothing', async () => {
    const t = trained(BASE, 2);
    const [json, bin] = await checkpointFiles(t, 'run');
    const text = await json.text();
    const edited = (edit: (j: any) => void) => {
      const j = JSON.parse(text);
      edit(j);
      return new File([JSON.stringify(j)], 'run.json');
    };
    const before = tf.memory().numTensors;
    const cases: [Promise<unknown>, RegExp][] = [
      [loadFromFiles([json]), /checkpoint files: choose both files of a checkpoint.*got "run.json"/],
      [loadFromFiles([]), /got none/],
      [loadFromFiles([new File(['{"weightsManifest": ['], 'run.json'), bin]), /checkpoint "run.json": not a checkpoint: its JSON does not parse/],
      [loadFromFiles([new File(['{}'], 'run.json'), bin]), /not a checkpoint: expected the model.json layout/],
      [loadFromFiles([edited((j) => (j.format = 'layers-model')), bin]), /not a Saddle GAN checkpoint/],
      [loadFromFiles([edited((j) => (j.weightsManifest[0].paths = ['./x.bin'])), bin, new File([], 'y.bin')]), /its weights are in "x.bin"/],
      [loadFromFiles([edited((j) => (j.userDefinedMetadata.saddle.config.latent.dim = 5)), bin]), /checkpoint "run.json": weight "generator" has shape \[\d+\], the configured generator needs \[\d+\]/],
      [loadFromFiles([json, bin], (c) => `trained on ${typeof c.dataset === 'string' ? c.dataset : c.dataset.name}, not digits`), /checkpoint "run.json": trained on ring8, not digits/],
    ];
    for (const [p, message] of cases) {
      const e = await failure(p);
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(message);
    }
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('saveRun and loadRun (what both elements’ buttons do): files of the given name, the same run back, the notes they show', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/), fc.boolean(), async (n, name, rename) => {
        const t = trained({ ...BASE, optimizer: 'adam' }, n);
        const { note, files } = await saveRun(t, { files: name });
        expect(files.map((f) => f.name)).toEqual([`${name}.json`, `${name}.weights.bin`]);
        expect(note).toBe(`saved step ${n} as ${name}.json and ${name}.weights.bin`);
        const picked = rename ? [await renamed(files[1], `${name}.weights (1).bin`), files[0]] : files;
        const loaded = await loadRun({ files: picked });
        try {
          expect(loaded.note).toBe(`loaded step ${n} from ${name}.json; the controls show its settings`);
          expect(loaded.trainer.step).toBe(n);
          expect(params(loaded.trainer)).toEqual(params(t));
          expect(stats(loaded.trainer)).toEqual(stats(t));
        } finally {
          loaded.trainer.dispose();
          t.dispose();
        }
      }),
      { numRuns: 6 },
    );
  });

  it('each element refuses the other’s checkpoints with the element they belong to, and takes its own', () => {
    const ring = parseGanConfig({ ...BASE, dataset: 'ring8' });
    const line = parseGanConfig({ ...BASE, dataset: { name: 'mixture1d' } });
    const digits = parseGanConfig({ ...BASE, dataset: 'mnist' });
    expect(trainerCheckpoint(ring)).toBeUndefined();
    expect(trainerCheckpoint(digits)).toMatch(/trained on MNIST digits: a checkpoint of <saddle-gan-images>/);
    expect(trainerCheckpoint(line)).toMatch(/trained on 1-D data \(mixture1d\): a checkpoint of <saddle-gan-1d>/);
    expect(imagesCheckpoint(digits)).toBeUndefined();
    expect(imagesCheckpoint(ring)).toMatch(/a checkpoint of <saddle-gan-trainer>/);
  });

  it('browserKey: one slot per element, the id appended when there is one', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.option(fc.string({ minLength: 1 }), { nil: undefined }), (base, id) => {
        expect(browserKey(base, id)).toBe(id ? `${base}-${id}` : base);
        expect(browserKey(base, null)).toBe(base);
      }),
    );
  });
});
