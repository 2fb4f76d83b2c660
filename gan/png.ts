/**
 * A PNG writer for sample grids (metrics.ts `sampleGrid`), for the command line: 8-bit RGBA, no interlace, every
 * scanline with filter type 0, one zlib-compressed IDAT chunk (PNG specification, W3C 2003 / ISO 15948, §§5, 11).
 * Node only: it compresses with node:zlib (`deflateSync`) and checksums with its `crc32` (CRC-32 of ISO 3309 over
 * each chunk's type and data, as the specification asks).
 */
import { crc32, deflateSync } from 'node:zlib';
import type { ImageLike } from './metrics.ts';

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One chunk: length (uint32 BE), type, data, CRC-32 of type + data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** The PNG file of an RGBA image. */
export function encodePng(image: ImageLike): Uint8Array {
  const { width, height, data } = image;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || data.length !== width * height * 4) {
    throw new RangeError(`encodePng: expected ${width} × ${height} RGBA pixels (${width * height * 4} bytes), got ${data.length}`);
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, filter method 0, no interlace
  const rows = new Uint8Array(height * (1 + 4 * width));
  for (let y = 0; y < height; y++) rows.set(data.subarray(y * 4 * width, (y + 1) * 4 * width), y * (1 + 4 * width) + 1);
  const parts = [SIGNATURE, chunk('IHDR', header), chunk('IDAT', new Uint8Array(deflateSync(rows))), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
