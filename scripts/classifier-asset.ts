/**
 * Makes gan/assets/digit-classifier.bin.gz, the digit classifier that scores generated MNIST samples (format and
 * network: gan/classifier.ts): trains it once on the training part of the seeded split of the shipped digits, with a
 * fixed seed, on the wasm backend, and prints its accuracy on the held-out part. Run once; the asset is committed:
 *   npm run data:classifier
 * The weights are deterministic for a backend (seeded initialization and order; wasm's kernels are deterministic),
 * not across backends (float32 rounding differs), so the asset is the record, and the test checks its accuracy.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useBackend } from '../gan/backend.ts';
import { CLASSIFIER_SPLIT, trainDigitClassifier } from '../gan/classifier.ts';
import { loadMnist, splitMnist } from '../gan/mnist.ts';
import { gzipAsset } from './mnist-asset.ts';

export const CLASSIFIER_ASSET_PATH = fileURLToPath(new URL('../gan/assets/digit-classifier.bin.gz', import.meta.url));

async function main(): Promise<void> {
  const backend = await useBackend('wasm');
  const data = await loadMnist();
  const { train, test } = splitMnist(data, CLASSIFIER_SPLIT.testFraction, CLASSIFIER_SPLIT.seed);
  const t0 = performance.now();
  const net = trainDigitClassifier(data, train, {
    seed: 1,
    onEpoch: (epoch, loss) => process.stderr.write(`epoch ${epoch}: mean loss ${loss.toFixed(4)}, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`),
  });
  const accuracy = net.accuracy(data, test);
  const trainAccuracy = net.accuracy(data, train);
  const bytes = gzipAsset(net.toBytes());
  writeFileSync(CLASSIFIER_ASSET_PATH, bytes);
  process.stdout.write(
    `${CLASSIFIER_ASSET_PATH}: ${bytes.length} bytes; ${backend}; held-out accuracy ${(100 * accuracy).toFixed(2)}% on ${test.length} digits, training ${(100 * trainAccuracy).toFixed(2)}% on ${train.length}\n`,
  );
  net.dispose();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
