import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { decodeMnist, encodeMnist, loadMnist, MNIST_ASSET_URL, MNIST_HEADER_BYTES, mnistBatch, mnistLabels, sampleIndices, splitMnist, type Mnist } from '../../gan/mnist.ts';
import { Rng } from '../../gan/random.ts';
import { ASSET_PATH, buildMnistRaw, gzipAsset, mnistDigitsDir } from '../../scripts/mnist-asset.ts';

/** Images per digit in the mnist package 1.1.0 (src/digits/d.json holds 784 · count numbers). */
const PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

const digitsDir = mnistDigitsDir();

let data: Mnist;
beforeAll(async () => {
  data = await loadMnist();
});

function labelCounts(labels: Uint8Array): number[] {
  const counts = new Array(10).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

function expectInputError(f: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as Error).message).toMatch(message);
}

describe('the shipped MNIST asset', () => {
  it('decodes to 10,000 labelled 28 × 28 images', () => {
    expect(data.count).toBe(10_000);
    expect(data.rows).toBe(28);
    expect(data.cols).toBe(28);
    expect(data.pixels.length).toBe(10_000 * 784);
    expect(data.labels.length).toBe(10_000);
    expect(Math.min(...data.labels)).toBe(0);
    expect(Math.max(...data.labels)).toBe(9);
  });

  it("has each digit as many times as the package's files", () => {
    expect(labelCounts(data.labels)).toEqual(PACKAGE_COUNTS);
  });

  it('has the pixel statistics of MNIST: mostly background, mean intensity ≈ 0.13, full range', () => {
    let sum = 0;
    let zeros = 0;
    let max = 0;
    for (const p of data.pixels) {
      sum += p;
      if (p === 0) zeros++;
      if (p > max) max = p;
    }
    const mean = sum / data.pixels.length / 255;
    expect(mean).toBeGreaterThan(0.12);
    expect(mean).toBeLessThan(0.14);
    expect(zeros / data.pixels.length).toBeGreaterThan(0.75);
    expect(max).toBe(255);
    // Digits are centered: the border rows and columns are almost empty.
    let border = 0;
    for (let i = 0; i < data.count; i++) for (let c = 0; c < 28; c++) border += data.pixels[i * 784 + c];
    expect(border / (data.count * 28 * 255)).toBeLessThan(0.001);
  });

  it('loads the same from a path and over http (the browser branch: fetch + DecompressionStream)', async () => {
    const fromPath = await loadMnist(ASSET_PATH);
    expect(Buffer.compare(fromPath.pixels, data.pixels)).toBe(0);
    const { createServer } = await import('node:http');
    const file = readFileSync(ASSET_PATH);
    const server = createServer((req, res) => {
      if (req.url === '/mnist.bin.gz') res.writeHead(200, { 'content-type': 'application/gzip' }).end(file);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const viaHttp = await loadMnist(`http://127.0.0.1:${port}/mnist.bin.gz`);
      expect(Buffer.compare(viaHttp.pixels, data.pixels)).toBe(0);
      expect(Buffer.compare(viaHttp.labels, data.labels)).toBe(0);
      await expect(loadMnist(new URL(`http://127.0.0.1:${port}/missing`))).rejects.toThrow(/fetch failed: HTTP 404/);
    } finally {
      server.close();
    }
  });

  it.skipIf(!digitsDir)('equals what scripts/mnist-asset.ts makes from the mnist package, byte for byte', () => {
    const raw = buildMnistRaw(digitsDir!);
    const committed = readFileSync(ASSET_PATH);
    expect(Buffer.compare(gunzipSync(committed), raw)).toBe(0);
    // Deterministic compression: two runs give the same bytes, and the header carries no time or platform (on a
    // slice: level 9 takes seconds on the whole asset).
    const slice = raw.subarray(0, 100_000);
    const a = gzipAsset(slice);
    expect(Buffer.compare(a, gzipAsset(slice))).toBe(0);
    expect([...a.subarray(3, 10)]).toEqual([0, 0, 0, 0, 0, 2, 0xff]);
    expect(Buffer.compare(gunzipSync(a), slice)).toBe(0);
  });

  it.skipIf(!digitsDir)("the package's files have the counts the asset has", () => {
    const counts = Array.from({ length: 10 }, (_, d) => {
      const text = readFileSync(`${digitsDir}/${d}.json`, 'utf8');
      return (JSON.parse(text) as { data: number[] }).data.length / 784;
    });
    expect(counts).toEqual(PACKAGE_COUNTS);
  });
});

describe('decodeMnist', () => {
  const tiny = () => encodeMnist({ rows: 2, cols: 3, pixels: Uint8Array.from([0, 1, 2, 3, 4, 255, 9, 8, 7, 6, 5, 4]), labels: Uint8Array.from([7, 0]) });

  it('round-trips encodeMnist', () => {
    const bytes = tiny();
    expect(bytes.length).toBe(MNIST_HEADER_BYTES + 12 + 2);
    const m = decodeMnist(bytes);
    expect({ count: m.count, rows: m.rows, cols: m.cols }).toEqual({ count: 2, rows: 2, cols: 3 });
    expect([...m.pixels]).toEqual([0, 1, 2, 3, 4, 255, 9, 8, 7, 6, 5, 4]);
    expect([...m.labels]).toEqual([7, 0]);
    expect(Buffer.compare(encodeMnist(m), bytes)).toBe(0);
    // The full asset too.
    expect(Buffer.compare(encodeMnist(decodeMnist(encodeMnist(data))), encodeMnist(data))).toBe(0);
  });

  it('round-trips through gzip and loadMnist', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/mnist-`)}/tiny.bin.gz`;
    writeFileSync(file, gzipSync(tiny()));
    const m = await loadMnist(file);
    expect([...m.labels]).toEqual([7, 0]);
  });

  it('rejects a bad header, truncated or trailing data, bad labels and gzip bytes with a clear error', () => {
    const good = tiny();
    const withByte = (at: number, v: number) => {
      const b = good.slice();
      b[at] = v;
      return b;
    };
    expectInputError(() => decodeMnist(good.subarray(0, 10)), /truncated: 10 bytes, shorter than the 16-byte header/);
    expectInputError(() => decodeMnist(withByte(0, 0x58)), /not an MNIST asset: expected the magic "SDMN", got "XDMN"/);
    expectInputError(() => decodeMnist(withByte(4, 2)), /unsupported format version 2/);
    expectInputError(() => decodeMnist(withByte(12, 0)), /bad header: images of 0 × 3 pixels/);
    expectInputError(() => decodeMnist(good.subarray(0, good.length - 1)), /truncated: the header announces 2 images of 2 × 3 \(30 bytes\), got 29 bytes/);
    expectInputError(() => decodeMnist(Uint8Array.from([...good, 0])), /trailing data/);
    expectInputError(() => decodeMnist(withByte(good.length - 1, 10)), /label of image 1 is 10, expected 0–9/);
    expectInputError(() => decodeMnist(new Uint8Array(gzipSync(good))), /still gzip-compressed/);
    expectInputError(() => decodeMnist(withByte(8, 200)), /truncated: the header announces 200 images/);
  });

  it('names a missing or corrupt file', async () => {
    await expect(loadMnist('/nonexistent/mnist.bin.gz')).rejects.toThrow(/MNIST asset \/nonexistent\/mnist.bin.gz: cannot read it/);
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/mnist-`)}/cut.bin.gz`;
    writeFileSync(file, gzipSync(tiny()).subarray(0, 20));
    await expect(loadMnist(file)).rejects.toThrow(/corrupt gzip data/);
  });

  it('the default asset URL is next to the module', () => {
    expect(MNIST_ASSET_URL.href).toMatch(/\/gan\/assets\/mnist-10k\.bin\.gz$/);
  });
});

describe('batches and splits', () => {
  it('gives batches in [0, 1] and [−1, 1]', () => {
    const idx = [0, 5000, 9999];
    const a = mnistBatch(data, idx);
    const b = mnistBatch(data, idx, '[-1,1]');
    expect(a.length).toBe(3 * 784);
    for (let k = 0; k < a.length; k++) {
      const level = data.pixels[idx[Math.floor(k / 784)] * 784 + (k % 784)];
      expect(a[k]).toBeCloseTo(level / 255, 6);
      expect(b[k]).toBeCloseTo((2 * level) / 255 - 1, 6);
    }
    expect(Math.min(...b)).toBe(-1);
    expect(Math.max(...b)).toBeCloseTo(1, 6);
    expect([...mnistLabels(data, idx)]).toEqual([data.labels[0], data.labels[5000], data.labels[9999]]);
    const out = new Float32Array(3 * 784);
    expect(mnistBatch(data, idx, '[0,1]', out)).toBe(out);
    expectInputError(() => mnistBatch(data, [10_000]), /index 10000 at 0 is not an image \(0 to 9999\)/);
    expectInputError(() => mnistBatch(data, [0], '[0,1]', new Float32Array(3)), /out has length 3, expected 1 × 784/);
  });

  it('makes a seeded, stratified, disjoint train/test split', () => {
    const s = splitMnist(data, 0.2, 7);
    expect(s.train.length + s.test.length).toBe(10_000);
    expect(new Set([...s.train, ...s.test]).size).toBe(10_000);
    expect(labelCounts(mnistLabels(data, s.test))).toEqual(PACKAGE_COUNTS.map((c) => Math.round(0.2 * c)));
    const again = splitMnist(data, 0.2, 7);
    expect(again.test).toEqual(s.test);
    expect(again.train).toEqual(s.train);
    expect(splitMnist(data, 0.2, 8).test).not.toEqual(s.test);
    // Shuffled, not in label order.
    expect(new Set(mnistLabels(data, s.train.subarray(0, 50))).size).toBeGreaterThan(5);
    expectInputError(() => splitMnist(data, 1.5, 1), /testFraction must be in \[0, 1\], got 1.5/);
  });

  it('samples seeded indices from a pool', () => {
    const { test } = splitMnist(data, 0.1, 1);
    const pool = new Set(test);
    const a = sampleIndices(data, 100, new Rng(3), test);
    expect([...a].every((i) => pool.has(i))).toBe(true);
    expect(sampleIndices(data, 100, new Rng(3), test)).toEqual(a);
    expect(Math.max(...sampleIndices(data, 1000, new Rng(4)))).toBeLessThan(10_000);
  });
});
