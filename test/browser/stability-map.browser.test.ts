/**
 * `<saddle-stability-map>` in Chromium: it computes ρ cell by cell in chunks, showing a counter while it does, draws
 * the grid and the ρ = 1 contour, reads out the cell under the pointer, fires `saddle-select` with the cell's
 * parameters on a click or Enter, and shows bad input as a message inside the element.
 *
 *   npx vitest run --project browser test/browser/stability-map.browser.test.ts
 */
import { page, userEvent } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import '../../components/stability-map.ts';
import type { MapSelection, StabilityMap } from '../../components/stability-map.ts';
import { pngBlob, svgMarkup } from '../../components/kit/export.ts';
import { computeMap, readMapAttributes } from '../../components/stability-map-model.ts';
import { drawn, events, mount, settled, shadow, shadowAll } from './helpers.ts';

describe('<saddle-stability-map> in Chromium', () => {
  it('shows a counter while it computes, then the map of src/analysis with its ρ = 1 contour', async () => {
    // 60 × 60 cells: far more than one 12 ms chunk, so the first picture is a partial one with the counter.
    const el = await mount<StabilityMap>('saddle-stability-map', { optimizer: 'consensus', x: 'lr:0.01:2', y: 'gamma:0:2', resolution: '60' });
    expect(el.map!.done).toBeLessThan(el.map!.total);
    expect(shadow(el, '.progress').textContent).toMatch(/computing ρ: [\d,]+ \/ 3,600 cells/);
    expect(shadow<HTMLProgressElement>(el, '.progress progress').value).toBe(el.map!.done);
    await el.computing;
    await settled(el);
    const map = el.map!;
    expect(map.done).toBe(3600);
    // ρ = √((1 − ηγ)² + η²) for consensus on x·y, in every cell.
    map.rho.forEach((row, j) => row.forEach((r, i) => expect(r).toBeCloseTo(Math.hypot(1 - map.x[i] * map.y[j], map.x[i]), 12)));
    expect(shadowAll(el, '.progress progress')).toHaveLength(0);
    expect(shadow(el, '.progress').textContent).toMatch(/3,600 cells: ρ from 0\.\d+ to [\d.]+; it converges \(ρ < 1, inside the white line\) in \d+% of them/);
    expect(shadow(el, 'path.contour').getAttribute('d')).toMatch(/^M/);
    expect(shadow(el, 'image').getAttribute('href')).toMatch(/^data:image\/png;base64,/);
    expect(shadow(el, 'svg[aria-roledescription]').getBoundingClientRect().width).toBe(520);
    expect(shadowAll(el, '.export button').map((b) => b.textContent)).toEqual(['PNG', 'SVG', 'CSV', 'JSON']);

    // Exported: the SVG file holds the heatmap image and the contour; the PNG shows the heatmap's colours.
    const plot = shadow<SVGSVGElement>(el, 'svg[aria-roledescription]');
    const markup = svgMarkup(plot);
    expect(markup).toContain('data:image/png;base64,');
    const file = new DOMParser().parseFromString(markup, 'image/svg+xml');
    const white = [...file.querySelectorAll('path')].filter((p) => /stroke: ?rgb\(255, 255, 255\)/.test(p.getAttribute('style') ?? ''));
    expect(white.map((p) => p.getAttribute('d'))).toContain(shadow(el, 'path.contour').getAttribute('d'));
    const png = await pngBlob(plot, 1);
    expect(png.type).toBe('image/png');
    const bitmap = await createImageBitmap(png);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const frame = shadow(el, 'rect.frame').getBoundingClientRect();
    const origin = plot.getBoundingClientRect();
    // The top-right cell (η ≈ 2, γ ≈ 2, ρ ≈ 3.6, above the scale's cap of 2): the top of viridis, #fde725.
    expect(el.map!.rho[59][59]).toBeGreaterThan(3);
    const [r, g, b] = ctx.getImageData(Math.round(frame.right - origin.left - 4), Math.round(frame.top - origin.top + 4), 1, 1).data;
    expect([r, g, b].map((v, k) => Math.abs(v - [0xfd, 0xe7, 0x25][k]) <= 6)).toEqual([true, true, true]);
  });

  it('draws no contour where ρ never crosses 1 (simultaneous GDA on x·y diverges everywhere), and the same grid as the model', async () => {
    const attrs = { optimizer: 'simgda', x: 'lr:0.05:1', y: 'a:0.5:2', resolution: '12x8' };
    const el = await mount<StabilityMap>('saddle-stability-map', attrs);
    await el.computing;
    await settled(el);
    const model = await computeMap(readMapAttributes(attrs));
    expect(el.map!.rho).toEqual(model.rho);
    expect(el.map!.rho.every((row) => row.every((r) => r > 1))).toBe(true);
    expect(shadow(el, 'path.contour').getAttribute('d')).toBe('');
  });

  it('reads out the cell under the pointer and fires saddle-select with its parameters on a click', async () => {
    const el = await mount<StabilityMap>('saddle-stability-map', { optimizer: 'momentum', opts: '{"alternating":true}', x: 'lr:0.1:1', y: 'beta:-0.9:0.9', resolution: '10' });
    await el.computing;
    await settled(el);
    const picks = events<MapSelection>('saddle-select');
    const frame = shadow(el, 'rect.frame');
    const box = frame.getBoundingClientRect();
    // The cell at column 2, row 7 (rows count from the bottom): its centre.
    const at = { x: ((2 + 0.5) / 10) * box.width, y: box.height - ((7 + 0.5) / 10) * box.height };
    await userEvent.hover(page.elementLocator(frame), { position: at, force: true });
    await settled(el);
    expect(el.cell).toEqual([2, 7]);
    const map = el.map!;
    expect(shadow(el, '.tooltip').textContent).toBe(`η = ${Number(map.x[2].toPrecision(3))}, β = ${Number(map.y[7].toPrecision(3))}: ρ = ${Number(map.rho[7][2].toPrecision(4))}${map.rho[7][2] < 1 ? ' (converges)' : ' (diverges)'}`);
    await userEvent.click(page.elementLocator(frame), { position: at, force: true });
    picks.stop();
    expect(picks.details).toHaveLength(1);
    const pick = picks.details[0];
    expect(pick).toMatchObject({ optimizer: 'momentum', game: 'bilinear', x: { name: 'lr', value: map.x[2] }, y: { name: 'beta', value: map.y[7] }, rho: map.rho[7][2] });
    expect(pick.options).toEqual({ alternating: true, lr: map.x[2], beta: map.y[7] });
  });

  it('moves a cell cursor with the arrow keys and picks the cell with Enter', async () => {
    const el = await mount<StabilityMap>('saddle-stability-map', { optimizer: 'eg', resolution: '8' });
    await el.computing;
    await settled(el);
    const picks = events<MapSelection>('saddle-select');
    shadow<SVGSVGElement>(el, 'svg[aria-roledescription]').focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowUp}{Enter}');
    await settled(el);
    picks.stop();
    // The cursor starts at the middle cell (4, 4).
    expect(el.cell).toEqual([6, 5]);
    expect(picks.details.map((d) => [d.x.value, d.y.value])).toEqual([[el.map!.x[6], el.map!.y[5]]]);
    expect(picks.details[0].params).toEqual({ a: el.map!.y[5] });
    expect(shadow(el, '.progress').textContent!.trim()).toMatch(/^η = [\d.]+, a = [\d.]+: ρ = /);
  });

  it('starts again when an attribute changes', async () => {
    const el = await mount<StabilityMap>('saddle-stability-map', { optimizer: 'eg', resolution: '6' });
    await el.computing;
    el.setAttribute('resolution', '4x3');
    el.setAttribute('optimizer', 'ogda');
    await drawn(el);
    await el.computing;
    await settled(el);
    expect(el.map!.total).toBe(12);
    expect(el.spec!.optimizer).toBe('ogda');
    expect(el.map!.done).toBe(12);
  });

  it('shows a readable message inside the element for each bad attribute, and recovers when it is fixed', async () => {
    const el = await mount<StabilityMap>('saddle-stability-map', { optimizer: 'eg', resolution: '4' });
    await el.computing;
    const cases: [attribute: string, value: string, says: RegExp][] = [
      ['x', 'lr:1', /^x: expected "name:min:max"/],
      ['y', 'zeta:0:1', /^y: "zeta" is neither an option of eg/],
      ['resolution', '1000', /^resolution: expected cells per side/],
      ['optimizer', 'adam', /adam has no linear update map/],
      ['game', 'nope', /unknown game "nope"/],
      ['params', '{"b":1}', /game bilinear.*"b"/],
      ['near', 'zero', /^near: expected a point/],
    ];
    for (const [attribute, value, says] of cases) {
      const good = el.getAttribute(attribute);
      el.setAttribute(attribute, value);
      await drawn(el);
      await el.computing;
      await settled(el);
      const message = shadow(el, '.message[role="alert"]');
      expect(message.textContent, `${attribute}="${value}"`).toMatch(says);
      expect(message.textContent).not.toMatch(/internal error|NaN|undefined/);
      if (good === null) el.removeAttribute(attribute);
      else el.setAttribute(attribute, good);
      await drawn(el);
      await el.computing;
      await settled(el);
      expect(shadowAll(el, '.message')).toHaveLength(0);
      expect(el.map!.done).toBe(16);
    }
  });
});
