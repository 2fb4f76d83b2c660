/**
 * `<saddle-gan-images>` in Chromium (WebGL 2 through SwiftShader): it loads the shipped digits and classifier, trains
 * a small DCGAN on `webgl` (asserted), draws every view from one read-back, the digit histogram counts every sample
 * once, the tensor count stays flat from refresh to refresh after warm-up, the AC-GAN rows appear only for a
 * conditional generator, and a bad attribute is a message inside the element. setup.ts fails any test that logged a
 * console error.
 *
 *   npx vitest run --project browser test/browser/gan-images.browser.test.ts
 */
import { describe, expect, it, vi } from 'vitest';
import '../../components/gan-images.ts';
import type { GanImages } from '../../components/gan-images.ts';
import { mountGan, shadow, shadowAll } from './helpers.ts';

async function images(attributes: Record<string, string>, width = 900): Promise<GanImages> {
  return mountGan('saddle-gan-images', attributes, width);
}

/** A tiny DCGAN (base width 4, batch 8) and a small histogram, so that SwiftShader gets through it in seconds. */
const TINY = { channels: '4', batch: '8', latent: '4', seed: '3', 'score-samples': '60', 'score-every': '2', samples: '16', refresh: '0' };

describe('<saddle-gan-images> in Chromium', () => {
  it('trains on webgl, draws every view, the histogram counts every sample, the tensor count stays flat', async () => {
    const el = await images(TINY);
    expect(el.drawn.error).toBeUndefined();
    expect(el.drawn.backend).toBe('webgl');
    expect(shadow(el, '.status').textContent).toContain('webgl');
    const first = el.drawn.frame!;
    expect(first.parts.grid).toMatchObject({ rows: 4, columns: 4 });
    expect(first.parts.interpolation).toMatchObject({ rows: 1, columns: 10 });
    expect(first.parts.traversal).toMatchObject({ rows: 4, columns: 9 });
    expect(first.pixels.length).toBe((16 + 10 + 36) * 784);
    expect(first.pixels.every((v) => Number.isFinite(v) && v >= -1 && v <= 1)).toBe(true);
    // Every view's canvas holds its tiles at native size: 29 px per image plus the 1 px border.
    const grid = shadow<HTMLCanvasElement>(el, 'canvas[data-part="grid"]');
    expect([grid.width, grid.height]).toEqual([4 * 29 + 1, 4 * 29 + 1]);
    expect(shadow<HTMLCanvasElement>(el, 'canvas[data-part="traversal"]').width).toBe(9 * 29 + 1);
    // Warm-up (Adam's moments), then refreshes must not leak.
    await el.stepOnce(2);
    const counts: number[] = [];
    for (let k = 0; k < 3; k++) {
      await el.stepOnce(2);
      counts.push(el.drawn.tensors!);
      const s = el.drawn.score!;
      expect(s.step).toBe(el.drawn.step);
      expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(60);
      expect(s.samples).toBe(60);
      expect(s.entropy).toBeGreaterThanOrEqual(0);
      expect(s.entropy).toBeLessThanOrEqual(Math.log(10) + 1e-9);
      expect(s.digits).toBe(s.histogram.filter((c) => c / 60 >= 0.01).length);
    }
    expect(el.drawn.step).toBe(8);
    expect(new Set(counts).size).toBe(1);
    expect(el.drawn.frame!.pixels).not.toEqual(first.pixels);
    expect(shadowAll(el, '.histogram rect')).toHaveLength(10);
    expect(shadow(el, '.histogram figcaption').textContent).toMatch(/H = [\d.]+ nats/);
    // The animation loop trains too, then stops; the count is still the same.
    el.play();
    await vi.waitFor(() => expect(el.drawn.step).toBeGreaterThanOrEqual(12), { timeout: 90_000, interval: 200 });
    el.pause();
    await el.stepOnce(1);
    expect(el.drawn.tensors).toBe(counts[0]);
    expect(el.drawn.scores.length).toBeGreaterThan(3);
    // No AC-GAN, no per-digit rows: a note says what would show them.
    expect(el.drawn.conditional).toBe(false);
    expect(shadowAll(el, 'canvas[data-part="conditional"]')).toHaveLength(0);
    expect(el.shadowRoot!.textContent).toContain('needs a conditional generator');
  }, 300_000);

  it('AC-GAN: one row per digit, and the histogram says how often the digit asked for is read', async () => {
    const el = await images({ ...TINY, conditional: '', views: 'grid,histogram,conditional' });
    expect(el.drawn.error).toBeUndefined();
    expect(el.drawn.conditional).toBe(true);
    expect(el.drawn.frame!.parts.conditional).toMatchObject({ rows: 10, columns: 10 });
    expect(shadow<HTMLCanvasElement>(el, 'canvas[data-part="conditional"]').height).toBe(10 * 29 + 1);
    await el.stepOnce(1);
    const s = el.drawn.score!;
    expect(s.conditionalAccuracy).toBeGreaterThanOrEqual(0);
    expect(s.conditionalAccuracy).toBeLessThanOrEqual(1);
    expect(shadowAll(el, 'canvas[data-part="interpolation"]')).toHaveLength(0);
  }, 180_000);

  it('shows a bad attribute inside the element, and recovers when it is fixed', async () => {
    const el = await images({ ...TINY, latent: 'two' });
    expect(shadow(el, '.message[role=alert]').textContent).toMatch(/attribute latent.*got "two"/);
    el.setAttribute('latent', '3');
    await vi.waitFor(() => expect(el.drawn.error).toBeUndefined(), { timeout: 60_000 });
    await vi.waitFor(() => expect(el.drawn.frame?.parts.traversal.rows).toBe(3), { timeout: 60_000 });
    el.setAttribute('loss', 'nope');
    await vi.waitFor(() => expect(el.drawn.error).toMatch(/loss/), { timeout: 20_000 });
  }, 180_000);
});
