/**
 * `<saddle-stability-map>` in Chromium: it computes ρ cell by cell in chunks, showing a counter while it does, draws
 * the grid and the ρ = 1 contour, reads out the cell under the pointer, fires `saddle-select` with the cell's
 * parameters on a click or Enter, and shows bad input as a message inside the element.
 *
 * With `for`, it follows a phase plot: marks the plot's settings in its plane, moves the mark as the plot's
 * attributes change (without recomputing the map unless a setting off its axes changed), and a pick sets the plot.
 *
 *   npx vitest run --project browser test/browser/stability-map.browser.test.ts
 */
import { page, userEvent } from 'vitest/browser';
import { describe, expect, it, vi } from 'vitest';
import '../../components/phase-plot.ts';
import '../../components/stability-map.ts';
import type { PhasePlot } from '../../components/phase-plot.ts';
import type { MapSelection, StabilityMap } from '../../components/stability-map.ts';
import { nearestSite, spectrumAt } from '../../components/spectrum-plot-model.ts';
import { bilinear } from '../../src/games/index.ts';
import { pngBlob, svgMarkup } from '../../components/kit/export.ts';
import { computeMap, readMapAttributes } from '../../components/stability-map-model.ts';
import { drawn, events, mount, place, settled, shadow, shadowAll } from './helpers.ts';

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

  describe('with for="id", following a phase plot', () => {
    /** ρ of alternating momentum on x·y at (η, β), from src/analysis directly. */
    const rho = (lr: number, beta: number) => spectrumAt(nearestSite(bilinear(), [0, 0])!, { name: 'momentum', options: { lr, beta, alternating: true } }, 2).spectralRadius;

    /** The ring's centre and where (η, β) is on the map, both in client pixels. */
    function ring(map: StabilityMap, lr: number, beta: number) {
      const frame = shadow(map, 'rect.frame').getBoundingClientRect();
      const mark = shadow(map, 'g.followed circle.followed-line').getBoundingClientRect();
      return {
        at: [mark.left + mark.width / 2, mark.top + mark.height / 2],
        want: [frame.left + ((lr - 0.02) / 1.18) * frame.width, frame.bottom - ((beta + 0.9) / 1.8) * frame.height],
      };
    }

    /** A map, then the phase plot it follows (added after it: the map waits for it), the map on top of the page. */
    async function linked() {
      const map = place<StabilityMap>('saddle-stability-map', { for: 'race', optimizer: 'momentum', x: 'lr:0.02:1.2', y: 'beta:-0.9:0.9', resolution: '12' });
      await map.updateComplete;
      expect(shadow(map, '.message').textContent).toBe('Waiting for the phase plot "race"…');
      const plot = place<PhasePlot>('saddle-phase-plot', { id: 'race', game: 'bilinear', optimizers: 'eg,momentum', lr: '0.3', opts: '{"momentum":{"beta":-0.5,"alternating":true}}', steps: '200' });
      await drawn(plot);
      await drawn(map);
      await map.computing;
      await settled(map);
      await vi.waitFor(() => expect(map.followed?.rho).toBeDefined());
      await settled(map);
      return { plot, map };
    }

    it('maps the plot’s game and optimizer settings, and marks its (η, β) with ρ there', async () => {
      const { map } = await linked();
      expect(map.spec).toMatchObject({ game: 'bilinear', optimizer: 'momentum', options: { alternating: true } });
      expect(map.followed).toEqual({ source: 'race', optimizer: 'momentum', x: 0.3, y: -0.5, rho: rho(0.3, -0.5) });
      const { at, want } = ring(map, 0.3, -0.5);
      expect(Math.abs(at[0] - want[0])).toBeLessThan(1);
      expect(Math.abs(at[1] - want[1])).toBeLessThan(1);
      expect(shadow(map, '.followed-note').textContent).toBe(`The phase plot "race" runs momentum at η = 0.3, β = -0.5 (the ring): ρ = ${Number(rho(0.3, -0.5).toPrecision(4))}, it converges. Pick a cell to run the plot there.`);
      expect(shadow(map, 'svg[aria-roledescription]').getAttribute('aria-label')).toContain('The phase plot "race" runs momentum at η = 0.3, β = -0.5');
      // The same grid as a map given those settings by hand.
      const own = await mount<StabilityMap>('saddle-stability-map', { optimizer: 'momentum', opts: '{"alternating":true}', x: 'lr:0.02:1.2', y: 'beta:-0.9:0.9', resolution: '12' });
      await own.computing;
      expect(map.map!.rho).toEqual(own.map!.rho);
    });

    it('moves the ring when the plot’s lr or β changes, without computing the map again', async () => {
      const { plot, map } = await linked();
      const grid = map.map;
      plot.setAttribute('lr', '0.8');
      await drawn(plot);
      await vi.waitFor(() => expect(map.followed).toMatchObject({ x: 0.8, y: -0.5, rho: rho(0.8, -0.5) }));
      await settled(map);
      let { at, want } = ring(map, 0.8, -0.5);
      expect(Math.abs(at[0] - want[0])).toBeLessThan(1);
      expect(Math.abs(at[1] - want[1])).toBeLessThan(1);
      plot.setAttribute('opts', '{"momentum":{"beta":0.4,"alternating":true}}');
      await drawn(plot);
      await vi.waitFor(() => expect(map.followed).toMatchObject({ x: 0.8, y: 0.4, rho: rho(0.8, 0.4) }));
      await settled(map);
      ({ at, want } = ring(map, 0.8, 0.4));
      expect(Math.abs(at[1] - want[1])).toBeLessThan(1);
      expect(map.map).toBe(grid);
      // A setting off the axes (simultaneous instead of alternating momentum) is another map.
      plot.setAttribute('opts', '{"momentum":{"beta":0.4}}');
      await drawn(plot);
      await settled(map);
      await map.computing;
      expect(map.map).not.toBe(grid);
      expect(map.spec!.options).toEqual({});
      // The plot stops running momentum (a person switched it off): the map stays, without its ring; and back.
      const kept = map.map;
      plot.setAttribute('optimizers', 'eg');
      plot.setAttribute('opts', '{}');
      await drawn(plot);
      await settled(map);
      expect(shadowAll(map, '.message')).toHaveLength(0);
      expect(map.map).toBe(kept);
      expect(shadowAll(map, 'g.followed')).toHaveLength(0);
      expect(shadow(map, '.followed-note').textContent).toBe('The phase plot "race" no longer runs momentum: the map stays as it was, without its ring.');
      plot.setAttribute('optimizers', 'eg,momentum');
      plot.setAttribute('opts', '{"momentum":{"beta":0.4}}');
      await drawn(plot);
      await vi.waitFor(() => expect(map.followed).toMatchObject({ x: 0.8, y: 0.4, rho: expect.any(Number) }));
      expect(map.map).toBe(kept);
      // Out of the map's range: no ring, and the note says why.
      plot.setAttribute('lr', '1.5');
      await drawn(plot);
      await settled(map);
      expect(shadowAll(map, 'g.followed')).toHaveLength(0);
      expect(shadow(map, '.followed-note').textContent).toBe('The phase plot "race" runs momentum; its η = 1.5 is outside this map (η from 0.02 to 1.2).');
    });

    it('sets the plot to a picked cell (click or Enter), unless the page prevents it', async () => {
      const { plot, map } = await linked();
      const frame = shadow(map, 'rect.frame');
      const box = frame.getBoundingClientRect();
      const g = map.map!;
      // Cell (9, 2): its centre.
      await userEvent.click(page.elementLocator(frame), { position: { x: ((9 + 0.5) / 12) * box.width, y: box.height - ((2 + 0.5) / 12) * box.height }, force: true });
      await drawn(plot);
      await vi.waitFor(() => expect(map.followed?.rho).toBe(rho(map.followed!.x!, map.followed!.y!)));
      // Within a twentieth of a cell of the centre, written with few digits.
      expect(Math.abs(Number(plot.lr) - g.x[9])).toBeLessThanOrEqual(1.18 / 12 / 20);
      expect(plot.lr!.length).toBeLessThanOrEqual(5);
      const opts = JSON.parse(plot.opts!) as { momentum: { beta: number; alternating: boolean } };
      expect(opts.momentum.alternating).toBe(true);
      expect(Math.abs(opts.momentum.beta - g.y[2])).toBeLessThanOrEqual(1.8 / 12 / 20);
      expect(plot.trajectories[1].label).toBe(`momentum (η = ${plot.lr}, β = ${opts.momentum.beta})`);
      expect(map.followed).toMatchObject({ x: Number(plot.lr), y: opts.momentum.beta });

      // The keyboard too; a page that prevents the event keeps the plot as it is.
      const keep = (e: Event) => e.preventDefault();
      document.addEventListener('saddle-select', keep);
      shadow<SVGSVGElement>(map, 'svg[aria-roledescription]').focus();
      await userEvent.keyboard('{ArrowLeft}{Enter}');
      document.removeEventListener('saddle-select', keep);
      await settled(map);
      expect(JSON.parse(plot.opts!).momentum.beta).toBe(opts.momentum.beta);
      await userEvent.keyboard('{ArrowLeft}{Enter}');
      await drawn(plot);
      await vi.waitFor(() => expect(Math.abs(Number(plot.lr) - g.x[map.cell![0]])).toBeLessThanOrEqual(1.18 / 12 / 20));
    });

    it('shows a readable message for a for that names no plot, or an optimizer the plot does not run', async () => {
      const map = await mount<StabilityMap>('saddle-stability-map', { for: 'nowhere', optimizer: 'momentum' });
      expect(shadow(map, '.message[role="alert"]').textContent).toMatch(/for: no element with id "nowhere" on this page/);
      place<PhasePlot>('saddle-phase-plot', { id: 'nowhere', optimizers: 'simgda,eg' });
      await vi.waitFor(() => expect(shadow(map, '.message[role="alert"]').textContent).toMatch(/optimizer: "momentum" is not one of the optimizers that the phase plot "nowhere" runs \(simgda, eg\)/));
      map.removeAttribute('optimizer');
      await drawn(map);
      await map.computing;
      await settled(map);
      expect(shadowAll(map, '.message')).toHaveLength(0);
      // The plot's first optimizer, simultaneous GDA, at its η = 0.1 (the default) on the default axes η × a.
      await vi.waitFor(() => expect(map.followed).toMatchObject({ source: 'nowhere', optimizer: 'simgda', x: 0.1, y: 1 }));
    });
  });
});
