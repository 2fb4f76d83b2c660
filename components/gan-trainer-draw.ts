/**
 * Drawing one refresh of a 2-D GAN onto a canvas, in layers (bottom to top): the discriminator's heatmap, its
 * indifference contour (d3-contour at the level of gan/view.ts's decisionScale: ½ for σ(D), 0 for a critic), the
 * generator's manifold as a deformed grid, real samples, fake samples, and the gradient arrows on the fake
 * samples. No maths beyond scaling: the numbers come from gan/view.ts through the session.
 *
 * Colours (Okabe–Ito): D says "real" in sky blue, "fake" in orange, the contour dashed blue; real samples black,
 * fake samples vermillion; the generator's arrows reddish purple, the discriminator's blue; the manifold grey.
 */
import { contours } from 'd3-contour';
import { geoPath, geoTransform } from 'd3-geo';
import { interpolateRgb } from 'd3-interpolate';
import { scaleLinear } from 'd3-scale';
import { COLOURS, type ViewName } from './gan-trainer-state.ts';


/** What one picture needs (a session's fixed parts and one frame's numbers). */
export interface PlaneFrame {
  domain: { x: readonly [number, number]; y?: readonly [number, number] };
  grid: { nx: number; ny: number };
  scale: { output: 'probability' | 'score'; level: number };
  latentSide: number;
  real: Float32Array;
  heat: Float32Array;
  manifold: Float32Array;
  fake: Float32Array;
  gradG: Float32Array;
  gradD: Float32Array;
}

/** How many fake samples get an arrow (the first ones of the fixed batch). */
export const ARROWS = 160;

/** The colour of a heat value: blue where D says real, orange where it says fake, white where it cannot tell. */
export function heatColour(scale: PlaneFrame['scale'], spread: number): (v: number) => string {
  const toReal = interpolateRgb('#ffffff', COLOURS.dReal);
  const toFake = interpolateRgb('#ffffff', COLOURS.dFake);
  return (v) => {
    const t = scale.output === 'probability' ? 2 * (v - 0.5) : (v - scale.level) / spread;
    const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
    return c >= 0 ? toReal(0.85 * c) : toFake(-0.85 * c);
  };
}

/** Draws the frame into a square canvas of `size` CSS pixels (devicePixelRatio handled by the caller's transform). */
export function drawPlane(ctx: CanvasRenderingContext2D, size: number, f: PlaneFrame, views: ReadonlySet<ViewName>): void {
  const [x0, x1] = f.domain.x;
  const [y0, y1] = f.domain.y ?? [-1, 1];
  const sx = scaleLinear([x0, x1], [0, size]);
  const sy = scaleLinear([y0, y1], [size, 0]);
  ctx.clearRect(0, 0, size, size);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  const { nx, ny } = f.grid;

  if (views.has('heat')) {
    let spread = 1e-9;
    for (const v of f.heat) if (Number.isFinite(v)) spread = Math.max(spread, Math.abs(v - f.scale.level));
    const colour = heatColour(f.scale, spread);
    const cell = document.createElement('canvas');
    cell.width = nx;
    cell.height = ny;
    const c = cell.getContext('2d')!;
    const img = c.createImageData(nx, ny);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const rgb = colour(f.heat[j * nx + i]).match(/\d+/g)!.map(Number);
        const p = 4 * ((ny - 1 - j) * nx + i);
        img.data.set([rgb[0], rgb[1], rgb[2], 255], p);
      }
    }
    c.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    // Grid points sit at the domain's edges: pixel centres at 0 and size, so the image overhangs by half a cell.
    const cw = size / (nx - 1);
    const ch = size / (ny - 1);
    ctx.drawImage(cell, -cw / 2, -ch / 2, size + cw, size + ch);
    // The indifference contour: grid coordinate g (value at g + ½ in d3-contour's convention) ↦ domain ↦ pixels.
    const finite = Array.from(f.heat, (v) => (Number.isFinite(v) ? v : f.scale.level));
    const [line] = contours().size([nx, ny]).thresholds([f.scale.level])(finite);
    const project = geoTransform({
      point(gx, gy) {
        this.stream.point(sx(x0 + ((gx - 0.5) * (x1 - x0)) / (nx - 1)), sy(y0 + ((gy - 0.5) * (y1 - y0)) / (ny - 1)));
      },
    });
    ctx.beginPath();
    geoPath(project, ctx)(line);
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = COLOURS.contour;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.setLineDash([]);
  }

  if (views.has('manifold')) {
    const n = f.latentSide;
    const at = (i: number, j: number): [number, number] => [sx(f.manifold[2 * (j * n + i)]), sy(f.manifold[2 * (j * n + i) + 1])];
    ctx.beginPath();
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
      const [px, py] = at(i, j);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const [px, py] = at(i, j);
      if (j === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.strokeStyle = COLOURS.manifold;
    ctx.globalAlpha = 0.55;
    ctx.lineWidth = 0.8;
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  const dots = (xy: Float32Array, colour: string, r: number) => {
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (let k = 0; k + 1 < xy.length; k += 2) {
      const px = sx(xy[k]);
      const py = sy(xy[k + 1]);
      if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
      ctx.moveTo(px + r, py);
      ctx.arc(px, py, r, 0, 2 * Math.PI);
    }
    ctx.fill();
  };
  if (views.has('real')) {
    ctx.globalAlpha = 0.55;
    dots(f.real, COLOURS.real, 1.6);
    ctx.globalAlpha = 1;
  }
  if (views.has('fake')) dots(f.fake, COLOURS.fake, 2);

  for (const [view, grad, colour] of [['arrows-g', f.gradG, COLOURS.arrowG], ['arrows-d', f.gradD, COLOURS.arrowD]] as const) {
    if (!views.has(view)) continue;
    drawArrows(ctx, f.fake, grad, colour, size, (x) => sx(x), (y) => sy(y));
  }
}

/**
 * Arrows −g_b at the first {@link ARROWS} fake samples (the direction that lowers that player's loss), all scaled by
 * one factor: the 90th-percentile length is 7% of the picture, so their relative sizes stay true.
 */
function drawArrows(ctx: CanvasRenderingContext2D, at: Float32Array, grad: Float32Array, colour: string, size: number, sx: (x: number) => number, sy: (y: number) => number): void {
  const n = Math.min(ARROWS, at.length / 2);
  const lengths: number[] = [];
  for (let b = 0; b < n; b++) {
    const l = Math.hypot(sx(grad[2 * b]) - sx(0), sy(grad[2 * b + 1]) - sy(0));
    if (Number.isFinite(l)) lengths.push(l);
  }
  lengths.sort((a, b) => a - b);
  const ref = lengths[Math.floor(0.9 * (lengths.length - 1))] ?? 0;
  if (!(ref > 0)) return;
  const k = (0.07 * size) / ref;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.1;
  ctx.beginPath();
  for (let b = 0; b < n; b++) {
    const px = sx(at[2 * b]);
    const py = sy(at[2 * b + 1]);
    const dx = -k * (sx(grad[2 * b]) - sx(0));
    const dy = -k * (sy(grad[2 * b + 1]) - sy(0));
    const len = Math.hypot(dx, dy);
    if (!Number.isFinite(len) || len < 0.5) continue;
    const cl = Math.min(len, 0.2 * size);
    const ux = dx / len;
    const uy = dy / len;
    const ex = px + ux * cl;
    const ey = py + uy * cl;
    const head = Math.min(4, 0.4 * cl);
    ctx.moveTo(px, py);
    ctx.lineTo(ex, ey);
    ctx.moveTo(ex - head * ux - 0.6 * head * uy, ey - head * uy + 0.6 * head * ux);
    ctx.lineTo(ex, ey);
    ctx.lineTo(ex - head * ux + 0.6 * head * uy, ey - head * uy - 0.6 * head * ux);
  }
  ctx.stroke();
}
