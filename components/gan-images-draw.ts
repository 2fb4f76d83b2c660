/**
 * The drawing half of `<saddle-gan-images>` (./gan-images.ts holds the element: its state, training loop, controls,
 * save and load): the figures of generated digits (the sample grid, the interpolation, the traversal with its axis and
 * row labels, the AC-GAN rows), the digit histogram, and the painting of each figure's canvas from a frame. Each is a
 * function of what it draws and the element's width, so the element's `render()` stays a list of them.
 *
 * Sizes: a digit is a 28 × 28 tile with a 1 px border ({@link TILE} = 29 px a tile, plus one for the last border);
 * a figure is drawn at its native size and zoomed by a whole factor (1 to 3, CSS `image-rendering: pixelated`) to
 * take about a given share of the width ({@link digitZoom}). The histogram is a d3 band scale of the ten digits
 * against a linear scale of their shares, with the uniform share 1/K (dashed) and the capture threshold 1/(10K)
 * (dotted: gan/metrics.ts `digitScore` counts a digit as captured above it).
 *
 * This file imports no tfjs: the element's eager part draws with it, and the engine's `tile` is passed in.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { GanConfig } from '../gan/config.ts';
import type { DigitScore, ImageLike } from '../gan/metrics.ts';
import type { ImagesFrame } from './gan-images-engine.ts';
import { traversalValues, type BatchPart } from './gan-images-model.ts';

/** A digit histogram with the step it was computed at. */
export type ScoredDigits = DigitScore & { step: number; samples: number };

/** The views drawn as figures of digit tiles. */
export type DigitPart = keyof ImagesFrame['parts'];

/** Pixels a digit takes on its canvas: 28 and a 1 px border. */
export const TILE = 29;

/** A number as the element shows it: three significant digits, exponent form outside [10⁻², 10⁵). */
export const shortNumber = (v: number): string =>
  !Number.isFinite(v) ? String(v) : v !== 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e5) ? v.toExponential(1) : String(Number(v.toPrecision(3)));

/** The integer zoom (1 to 3) that fits an image `native` pixels wide into about `share` of `width` (crisp pixels). */
export function digitZoom(native: number, share: number, width: number): number {
  const w = width || 640;
  return Math.max(1, Math.min(3, Math.floor((w * share) / native + 0.1)));
}

/** The share of the element's width each figure takes. */
const SHARE: Record<DigitPart, number> = { grid: 0.46, interpolation: 0.98, traversal: 0.55, conditional: 0.46 };

export interface DigitFigure {
  frame?: ImagesFrame;
  part: DigitPart;
  caption: string;
  /** The element's width (0 before it is measured). */
  width: number;
  /** Keys on the canvas (space plays or pauses). */
  onKey: (e: KeyboardEvent) => void;
  /** Drawn between the caption and the canvas (the traversal's axis). */
  extra?: unknown;
  /** A label left of each row (the traversal's coordinate, the AC-GAN's digit). */
  rowLabel?: (row: number) => string;
}

/** A figure of one view: its caption, and a canvas of its tiles ({@link paintDigits} fills it) with its row labels. */
export function digitFigure({ frame, part, caption, width, onKey, extra = nothing, rowLabel }: DigitFigure): TemplateResult {
  const p = frame?.parts[part];
  const native = p ? { w: p.columns * TILE + 1, h: p.rows * TILE + 1 } : { w: 233, h: 233 };
  const zoom = digitZoom(native.w, SHARE[part], width);
  const labels =
    rowLabel && p
      ? html`<div class="row-labels" aria-hidden="true">${Array.from({ length: p.rows }, (_, r) => html`<span style="height:${TILE * zoom}px;line-height:${TILE * zoom}px">${rowLabel(r)}</span>`)}</div>`
      : nothing;
  return html`<figure>
    <figcaption>${caption}</figcaption>
    ${extra}
    <div class="labelled">${labels}<canvas
      class="digits"
      data-part=${part}
      width=${native.w}
      height=${native.h}
      style="width:${native.w * zoom}px;height:${native.h * zoom}px"
      tabindex="0"
      role="img"
      aria-label=${`${caption}: ${p ? `${p.rows} × ${p.columns} generated digits` : 'not drawn yet'}. Space plays or pauses.`}
      @keydown=${onKey}
    ></canvas></div>
  </figure>`;
}

/**
 * The traversal figure: row j sweeps latent coordinate z_j over {@link traversalValues} (the caption and an axis say
 * from where to where), the other coordinates fixed. `latent` is the running configuration's (absent before one
 * runs); `held` ends the caption (the digit an AC-GAN holds, or nothing).
 */
export function traversalFigure(frame: ImagesFrame | undefined, latent: GanConfig['latent'] | undefined, held: string, width: number, onKey: (e: KeyboardEvent) => void): TemplateResult {
  const p = frame?.parts.traversal;
  const values = latent && p ? traversalValues(latent.prior, p.columns) : [];
  const zoom = p ? digitZoom(p.columns * TILE + 1, SHARE.traversal, width) : 1;
  const [first, last] = [shortNumber(values[0]), shortNumber(values[values.length - 1])];
  const caption =
    p && latent
      ? `latent traversal: row j sweeps z_j from ${first} to ${last}, the other ${latent.dim - 1} coordinates fixed${latent.dim > p.rows ? ` (first ${p.rows} of ${latent.dim} dimensions)` : ''}${held}`
      : 'latent traversal';
  const axis = p
    ? html`<div class="axis-labels" style="width:${(p.columns * TILE + 1) * zoom}px;margin-left:22px" aria-hidden="true"><span>z_j = ${first}</span><span>0</span><span>${last}</span></div>`
    : nothing;
  return digitFigure({ frame, part: 'traversal', caption, width, onKey, extra: axis, rowLabel: (r) => `z${r + 1}` });
}

/**
 * The digit histogram as bars, with the uniform share (dashed) and the capture threshold (dotted). `palette` is the
 * elements' Okabe–Ito palette (phase-plot.ts `PALETTE`): a captured digit's bar in `palette[1]`, the others in
 * `palette[0]`. (It is passed in rather than imported: this module importing phase-plot.ts made the embed bundle's
 * bundler merge phase-plot.ts into a shared chunk, test/build.test.ts.)
 */
export function digitHistogram(s: ScoredDigits | undefined, elementWidth: number, palette: readonly string[]): TemplateResult {
  const width = Math.min(340, Math.max(240, (elementWidth || 640) * 0.45));
  const height = 180;
  const m = { top: 8, right: 8, bottom: 22, left: 34 };
  if (!s) return html`<figure class="histogram"><figcaption>digit histogram (classifier)</figcaption><p class="note">computed at the first refresh…</p></figure>`;
  const K = s.histogram.length;
  const shares = s.histogram.map((c) => (s.samples ? c / s.samples : 0));
  const x = scaleBand<number>().domain(shares.map((_, k) => k)).range([m.left, width - m.right]).padding(0.15);
  const y = scaleLinear().domain([0, Math.max(0.2, ...shares)]).nice().range([height - m.bottom, m.top]);
  const uniform = 1 / K;
  const capture = 0.1 / K;
  const fmt = shortNumber;
  const label = `digit histogram at step ${s.step}: ${shares.map((p, k) => `${k}: ${Math.round(100 * p)}%`).join(', ')}; entropy ${fmt(s.entropy)} nats of ${fmt(Math.log(K))}; ${s.digits} of ${K} digits captured`;
  return html`<figure class="histogram">
    <figcaption>
      digits as the classifier reads ${s.samples} samples (step ${s.step}): H = <b>${fmt(s.entropy)}</b> nats (uniform ${fmt(Math.log(K))}), <b>${s.digits}</b> of ${K}
      digits captured${s.conditionalAccuracy !== undefined ? html`, <b>${fmt(100 * s.conditionalAccuracy)}%</b> read as the digit asked for` : nothing}
    </figcaption>
    <svg width=${width} height=${height} role="img" aria-label=${label}>
      ${y.ticks(4).map((t) => svg`<text class="axis" x=${m.left - 4} y=${y(t) + 3} text-anchor="end">${Math.round(100 * t)}%</text>`)}
      ${shares.map(
        (p, k) => svg`<rect x=${x(k)} y=${y(p)} width=${x.bandwidth()} height=${Math.max(0, y(0) - y(p))} fill=${s.histogram[k] / (s.samples || 1) >= capture ? palette[1] : palette[0]}><title>digit ${k}: ${s.histogram[k]} samples</title></rect>
          <text class="bar-label" x=${x(k)! + x.bandwidth() / 2} y=${height - 8} text-anchor="middle">${k}</text>`,
      )}
      <line class="uniform" x1=${m.left} x2=${width - m.right} y1=${y(uniform)} y2=${y(uniform)}><title>the uniform share, 1/${K}</title></line>
      <line class="capture" x1=${m.left} x2=${width - m.right} y1=${y(capture)} y2=${y(capture)}><title>captured above this share (1/${10 * K})</title></line>
    </svg>
  </figure>`;
}

/**
 * Puts each view's tiles on its canvas (`canvas.digits[data-part]` below `root`) at native size; `painted` remembers
 * the frame each canvas shows, so a re-render that keeps the canvas and the frame does not redraw it. `tile` is the
 * engine's (gan-images-engine.ts: one view's images as a bordered grid of RGBA pixels).
 */
export function paintDigits(root: ParentNode, frame: ImagesFrame, tile: (frame: ImagesFrame, part: BatchPart) => ImageLike, painted: WeakMap<HTMLCanvasElement, ImagesFrame>): void {
  for (const canvas of root.querySelectorAll<HTMLCanvasElement>('canvas.digits')) {
    const part = frame.parts[canvas.dataset.part as DigitPart];
    if (!part || part.rows * part.columns === 0 || painted.get(canvas) === frame) continue;
    painted.set(canvas, frame);
    const image = tile(frame, part);
    if (canvas.width !== image.width) canvas.width = image.width;
    if (canvas.height !== image.height) canvas.height = image.height;
    canvas.getContext('2d')?.putImageData(new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
  }
}
