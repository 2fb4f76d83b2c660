/**
 * `<saddle-spectrum-plot>` in Chromium: the eigenvalues it draws are src/analysis's, in the right place against the
 * unit circle (hollow outside it), the η slider moves them and tells the page, it follows a phase plot's η, and bad
 * input is a message inside the element.
 *
 *   npx vitest run --project browser test/browser/spectrum-plot.browser.test.ts
 */
import { userEvent } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import '../../components/phase-plot.ts';
import '../../components/spectrum-plot.ts';
import type { PhasePlot } from '../../components/phase-plot.ts';
import { pngBlob, svgFile, svgMarkup } from '../../components/kit/export.ts';
import type { SpectrumPlot } from '../../components/spectrum-plot.ts';
import { nearestSite, spectrumAt } from '../../components/spectrum-plot-model.ts';
import { bilinear } from '../../src/games/index.ts';
import { drawn, events, mount, settled, shadow, shadowAll } from './helpers.ts';

/** The centre of an element in client pixels. */
function centre(e: Element): [number, number] {
  const r = e.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
}

describe('<saddle-spectrum-plot> in Chromium', () => {
  it('draws each optimizer’s eigenvalues where src/analysis puts them, filled inside the unit circle and hollow outside', async () => {
    const el = await mount<SpectrumPlot>('saddle-spectrum-plot', { game: 'bilinear', optimizers: 'simgda,eg,ogda,adam', lr: '0.4' }, { width: 760 });
    const site = nearestSite(bilinear(), [1, 1])!;
    const drawnSpectra = el.spectra!;
    expect(drawnSpectra.lr).toBe(0.4);
    expect(drawnSpectra.equilibrium).toEqual([0, 0]);
    for (const [i, name] of ['simgda', 'eg', 'ogda', 'adam'].entries()) {
      expect(drawnSpectra.optimizers[i]).toEqual(spectrumAt(site, { name, options: { lr: 0.4 } }, 2));
    }
    // Positions: the unit circle's radius in pixels, and each marker at its λ from the circle's centre.
    const disc = shadow<SVGCircleElement>(el, 'circle.disc');
    const [cx, cy] = centre(disc);
    const unit = disc.getBoundingClientRect().width / 2;
    for (const s of drawnSpectra.optimizers) {
      const markers = shadowAll(el, `g.eigenvalues[data-optimizer="${s.name}"] g.eig`);
      expect(markers).toHaveLength(s.eigenvalues.length);
      markers.forEach((m, k) => {
        const [px, py] = centre(m.querySelector('path')!);
        const l = s.eigenvalues[k];
        // Within 1.5 px (the symbols' own centring: a triangle's box is not centred on its point).
        expect(Math.abs(px - cx - l.re * unit)).toBeLessThan(1.5);
        expect(Math.abs(cy - py - l.im * unit)).toBeLessThan(2.5);
        const outside = Math.hypot(l.re, l.im) > 1;
        expect(m.classList.contains(outside ? 'unstable' : 'stable'), `${s.name} λ${k}`).toBe(true);
        expect(m.querySelector('path')!.getAttribute('fill')).toBe(outside ? '#fff' : m.querySelector('path')!.getAttribute('stroke'));
      });
      if (s.problem) expect(markers).toHaveLength(0);
    }
    const legend = shadowAll(el, '.legend li').map((li) => li.textContent ?? '');
    expect(legend[0]).toMatch(/ρ = 1\.077: diverges/);
    expect(legend[1]).toMatch(/ρ = 0\.9\d+: converges/);
    expect(legend[3]).toMatch(/no eigenvalues: Adam normalizes the gradient/);
    // The SVG file puts each marker where the page does: a translate by its λ in the plot's pixels.
    const file = new DOMParser().parseFromString(svgMarkup(shadow(el, 'svg[aria-roledescription]')), 'image/svg+xml');
    const eg = [...file.querySelectorAll('g[data-optimizer="eg"] > g')].map((g) => g.getAttribute('transform')!.match(/translate\(([-\d.]+),([-\d.]+)\)/)!.slice(1).map(Number));
    const circle = file.querySelector('circle[r]')!;
    const [ccx, ccy, cr] = ['cx', 'cy', 'r'].map((a) => Number(circle.getAttribute(a)));
    expect(eg).toHaveLength(2);
    eg.forEach(([px, py], k) => {
      expect(px - ccx).toBeCloseTo(drawnSpectra.optimizers[1].eigenvalues[k].re * cr, 1);
      expect(ccy - py).toBeCloseTo(drawnSpectra.optimizers[1].eigenvalues[k].im * cr, 1);
    });
    expect(el.loci).toHaveLength(4);
    expect(el.loci[1].eigenvalues).toHaveLength(48);
    expect(shadow(el, 'svg[aria-roledescription]').getAttribute('aria-label')).toMatch(/eg \(η = 0\.4\): .*; ρ = 0\.9\d+, converges/);
  });

  it('moves the eigenvalues with the η slider (keyboard), sets lr and tells the page', async () => {
    const el = await mount<SpectrumPlot>('saddle-spectrum-plot', { optimizers: 'eg', lr: '0.5', range: '0.01:2' });
    const changes = events<{ lr: number }>('saddle-change');
    const slider = shadow<HTMLInputElement>(el, '.slider input');
    slider.focus();
    await userEvent.keyboard('{End}');
    await settled(el);
    expect(el.lr).toBe('2');
    expect(el.spectra!.lr).toBe(2);
    // Extragradient at η = 2 on x·y: λ = 1 − η² ± iη = −3 ± 2i, outside the circle.
    expect(el.spectra!.optimizers[0].eigenvalues.map((l) => [l.re, Math.abs(l.im)])).toEqual([[-3, 2], [-3, 2]]);
    expect(shadowAll(el, 'g.eig.unstable')).toHaveLength(2);
    await userEvent.keyboard('{Home}');
    await settled(el);
    expect(el.lr).toBe('0.01');
    expect(el.spectra!.optimizers[0].stable).toBe(true);
    changes.stop();
    expect(changes.details).toEqual([{ lr: 2 }, { lr: 0.01 }]);
    expect(shadow(el, '.slider output').textContent).toBe('0.01');
  });

  it('with url-state and an id, takes η from the page URL and writes the slider’s η back', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#spec1.lr=0.3`);
    try {
      const el = await mount<SpectrumPlot>('saddle-spectrum-plot', { id: 'spec1', 'url-state': '', optimizers: 'eg', lr: '0.5' });
      expect(el.lr).toBe('0.3');
      expect(el.spectra!.lr).toBe(0.3);
      shadow<HTMLInputElement>(el, '.slider input').focus();
      await userEvent.keyboard('{End}');
      await settled(el);
      expect(location.hash).toBe('#spec1.lr=2');
    } finally {
      history.replaceState(null, '', `${location.pathname}${location.search}`);
    }
  });

  it('follows a phase plot’s optimizers and η, until its own slider sets η', async () => {
    const plot = await mount<PhasePlot>('saddle-phase-plot', { id: 'linked-spectrum', optimizers: 'simgda,eg', lr: '0.3', steps: '50' });
    const el = await mount<SpectrumPlot>('saddle-spectrum-plot', { for: 'linked-spectrum' });
    expect(el.spectra!.optimizers.map((s) => s.label)).toEqual(plot.trajectories.map((t) => t.label));
    expect(el.spectra!.lr).toBe(0.3);
    plot.setAttribute('lr', '0.7');
    await settled(plot);
    await settled(el);
    expect(el.spectra!.lr).toBe(0.7);
    expect(el.spectra!.optimizers[1].spectralRadius).toBeCloseTo(Math.sqrt(1 - 0.49 + 0.49 * 0.49), 12);
    el.setAttribute('lr', '0.1');
    await settled(el);
    expect(el.spectra!.optimizers.map((s) => s.label)).toEqual(['simgda (η = 0.1)', 'eg (η = 0.1)']);
  });

  it('shows a readable message inside the element for each bad attribute, and recovers when it is fixed', async () => {
    const el = await mount<SpectrumPlot>('saddle-spectrum-plot', { optimizers: 'eg' });
    const cases: [attribute: string, value: string, says: RegExp][] = [
      ['range', '2:1', /^range: expected the slider's smallest and largest η/],
      ['lr', 'fast', /^lr: expected/],
      ['game', 'nope', /unknown game "nope"/],
      ['optimizers', 'warp', /unknown optimizer "warp"/],
      ['opts', '{"eg":{"beta":1}}', /optimizer eg: unknown option "beta"/],
      ['domain', '5,6,5,6', /^domain: the game bilinear has no equilibrium in the domain/],
      ['for', 'nowhere', /^for: no element with id "nowhere"/],
    ];
    for (const [attribute, value, says] of cases) {
      const good = el.getAttribute(attribute);
      el.setAttribute(attribute, value);
      await drawn(el);
      const message = shadow(el, '.message[role="alert"]');
      expect(message.textContent, `${attribute}="${value}"`).toMatch(says);
      expect(message.textContent).not.toMatch(/internal error|NaN|undefined/);
      expect(el.spectra).toBeUndefined();
      if (good === null) el.removeAttribute(attribute);
      else el.setAttribute(attribute, good);
      await drawn(el);
      expect(shadowAll(el, '.message')).toHaveLength(0);
      expect(el.spectra!.optimizers).toHaveLength(1);
    }
  });
});

/** `<svg>` markup put in the page, in a fixed-size box at the top left; removed after the test by the caller. */
function place(markup: string): SVGSVGElement {
  const box = document.createElement('div');
  box.style.cssText = 'position: fixed; left: 0; top: 0; width: 300px; height: 200px';
  box.innerHTML = markup;
  document.body.append(box);
  return box.querySelector('svg')!;
}

/** The right edge (in image pixels) of the dark ink of a PNG or SVG blob drawn on white. */
async function inkRight(blob: Blob): Promise<number> {
  const url = URL.createObjectURL(blob);
  const img = new Image();
  img.src = url;
  await img.decode();
  URL.revokeObjectURL(url);
  const canvas = new OffscreenCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, img.width, img.height);
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  let right = -1;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 128) right = Math.max(right, (i / 4) % img.width);
  return right;
}

describe('kit/export.ts in Chromium (the files the export buttons save)', () => {
  it('puts every element where CSS transforms put it on the page: a style, a style sheet, an origin, fill-box, none over an attribute', async () => {
    const live = place(`<svg width="300" height="200">
      <style>.sheet { transform: translate(40px, 10px) rotate(30deg); } .boxed { transform-box: fill-box; transform-origin: center; transform: rotate(45deg) scale(1.5); }
        .cancel { transform: none; }</style>
      <rect width="20" height="10" style="transform: translate(100px, 50px)"></rect>
      <rect width="20" height="10" class="sheet"></rect>
      <rect x="150" y="100" width="40" height="20" class="boxed"></rect>
      <rect width="20" height="10" transform="translate(60,120)" style="transform-origin: 10px 5px; transform: rotate(90deg)"></rect>
      <rect width="20" height="10" transform="translate(200,20)" class="cancel"></rect>
      <g transform="translate(10,150) scale(2)"><rect width="5" height="5"></rect></g>
    </svg>`);
    const copy = place(svgMarkup(live).replace(/^<\?xml[^>]*>/, '').replace(/<style>[^]*?<\/style>/, ''));
    try {
      expect(copy.querySelector('style')).toBeNull(); // the copy has no style sheet: only what svgMarkup wrote
      const rects = (svg: SVGSVGElement) => [...svg.querySelectorAll('rect')].map((r) => r.getBoundingClientRect());
      const [a, b] = [rects(live), rects(copy)];
      expect(b).toHaveLength(6);
      a.forEach((r, i) => {
        for (const k of ['left', 'top', 'width', 'height'] as const) expect(b[i][k], `rect ${i} ${k}`).toBeCloseTo(r[k], 3);
      });
      // The usual case, a transform attribute and no CSS transform, is copied as written.
      expect(copy.querySelector('g')!.getAttribute('transform')).toBe('translate(10,150) scale(2)');
      expect(copy.querySelectorAll('rect')[0].getAttribute('transform')).toBe('translate(100,50)');
    } finally {
      live.parentElement!.remove();
      copy.parentElement!.remove();
    }
  });

  it('keeps the page’s web font in the PNG and the SVG file (else the text falls back to a serif)', async () => {
    const face = document.createElement('style');
    face.textContent = `@font-face { font-family: 'Saddle Test Face'; src: url('/node_modules/katex/dist/fonts/KaTeX_Typewriter-Regular.woff2') format('woff2'); }`;
    document.head.append(face);
    const live = place(`<svg width="300" height="40" style="font: 20px 'Saddle Test Face'"><text x="4" y="28">iiiiiiiiii</text></svg>`);
    try {
      await document.fonts.load(`20px 'Saddle Test Face'`);
      const measure = new OffscreenCanvas(10, 10).getContext('2d')!;
      measure.font = `20px 'Saddle Test Face'`;
      const typewriter = measure.measureText('iiiiiiiiii').width;
      measure.font = '20px serif';
      const serif = measure.measureText('iiiiiiiiii').width;
      expect(typewriter - serif).toBeGreaterThan(40); // the test can tell the two fonts apart
      const near = (right: number, width: number) => Math.abs(right - (4 + width)) < 8;

      const withoutFonts = await inkRight(new Blob([svgMarkup(live)], { type: 'image/svg+xml' }));
      expect(near(withoutFonts, serif)).toBe(true); // the failure this guards against
      const png = await inkRight(await pngBlob(live, 1));
      expect(near(png, typewriter), `ink ends at ${png}, typewriter ${4 + typewriter}, serif ${4 + serif}`).toBe(true);
      const file = await svgFile(live);
      expect(file).toMatch(/@font-face \{[^}]*font-family: "Saddle Test Face"; src: url\("data:font\/woff2;base64,/);
      expect(near(await inkRight(new Blob([file], { type: 'image/svg+xml' })), typewriter)).toBe(true);
    } finally {
      face.remove();
      live.parentElement!.remove();
    }
  });
});
