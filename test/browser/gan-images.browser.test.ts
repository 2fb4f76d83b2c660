/**
 * `<saddle-gan-images>` in Chromium (WebGL 2 through SwiftShader): it loads the shipped digits and classifier, trains
 * a small DCGAN on `webgl` (asserted), draws every view from one read-back, the digit histogram counts every sample
 * once, the tensor count stays flat from refresh to refresh after warm-up, the AC-GAN rows appear only for a
 * conditional generator, and a bad attribute is a message inside the element. Save and load: a run saved in the
 * browser (IndexedDB) or as files and loaded back shows the same samples for the same noise and takes the same next
 * steps; a checkpoint that does not fit (weights of other shapes, a 2-D trainer's, nothing saved) is a message and the
 * run on screen stays; a live learning-rate change keeps the step and the weights, a shape change restarts and says
 * why. setup.ts fails any test that logged a console error.
 *
 *   npx vitest run --project browser test/browser/gan-images.browser.test.ts
 */
import { describe, expect, it, vi } from 'vitest';
import '../../components/gan-images.ts';
import type { GanImages } from '../../components/gan-images.ts';
import { checkpointFiles } from '../../components/kit/checkpoint-io.ts';
import { createTrainer } from '../../gan/train.ts';
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

  /** The smallest run the element allows that still has batch norm and Adam's state: TINY with the histogram off. */
  const SAVED = { ...TINY, views: 'grid,interpolation' };
  const pixels = (el: GanImages) => [...el.drawn.frame!.pixels];
  const button = (el: GanImages, text: string) => shadowAll<HTMLButtonElement>(el, '.files button').find((b) => b.textContent?.trim() === text)!;

  it('save in the browser, train on, load: the same samples for the same noise, and the same next steps', async () => {
    const el = await images({ ...SAVED, id: `saved-${Date.now()}` });
    await el.stepOnce(3);
    button(el, 'save in browser').click();
    await vi.waitFor(() => expect(el.drawn.note).toBe('saved step 3 in this browser'), { timeout: 30_000 });
    expect(shadow(el, '.note[role=status]').textContent).toContain('saved step 3');
    const saved = pixels(el);
    await el.stepOnce(2);
    const later = pixels(el);
    expect(later).not.toEqual(saved);
    await el.loadFromBrowser();
    expect(el.drawn.problem).toBeUndefined();
    expect(el.drawn.step).toBe(3);
    expect(el.drawn.frame!.step).toBe(3);
    expect(pixels(el)).toEqual(saved);
    expect(el.drawn.note).toMatch(/^loaded step 3 from this browser/);
    // The checkpoint holds the optimizer state, batch norm's statistics and the random streams: the same next steps.
    await el.stepOnce(2);
    expect(el.drawn.step).toBe(5);
    expect(pixels(el)).toEqual(later);
  }, 180_000);

  it('a file round trip (the two files, through the upload input) gives the same samples and the same next steps', async () => {
    const el = await images(SAVED);
    await el.stepOnce(2);
    const files = await el.saveToFiles();
    expect(files.map((f) => f.name)).toEqual(['saddle-gan-images-step2.json', 'saddle-gan-images-step2.weights.bin']);
    expect(files.every((f) => f instanceof Blob && f.size > 0)).toBe(true);
    const saved = pixels(el);
    await el.stepOnce(2);
    const later = pixels(el);
    // As a person picks the files: the weights file renamed by a second download still loads.
    const input = shadow<HTMLInputElement>(el, '.files input[type=file]');
    const picked = new DataTransfer();
    picked.items.add(files[0]);
    picked.items.add(new File([files[1]], 'saddle-gan-images-step2.weights (1).bin'));
    input.files = picked.files;
    input.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(el.drawn.note).toMatch(/^loaded step 2 from saddle-gan-images-step2.json/), { timeout: 30_000 });
    await vi.waitFor(() => expect(el.drawn.frame!.step).toBe(2), { timeout: 30_000 });
    expect(pixels(el)).toEqual(saved);
    await el.stepOnce(2);
    expect(pixels(el)).toEqual(later);
  }, 180_000);

  it('a checkpoint that does not fit is a message inside the element, and the run on screen stays', async () => {
    const el = await images({ ...SAVED, id: `empty-${Date.now()}` });
    await el.stepOnce(2);
    const before = pixels(el);
    const [json, bin] = await el.saveToFiles();
    // Weights of other shapes than the configuration says (the latent size edited: G's first layer no longer fits).
    const edited = JSON.parse(await json.text());
    edited.userDefinedMetadata.saddle.config.latent.dim = 6;
    await el.loadFromFiles([new File([JSON.stringify(edited)], 'edited.json'), bin]);
    expect(el.drawn.problem).toMatch(/checkpoint "edited.json": weight "generator" has shape \[\d+\], the configured generator needs \[\d+\]/);
    expect(shadow(el, '.message.problem[role=alert]').textContent).toContain('has shape');
    // A checkpoint of <saddle-gan-trainer> (2-D data) belongs there.
    const ring = createTrainer({ dataset: 'ring8', generator: { hidden: [4] }, discriminator: { hidden: [4] }, batch: 8 });
    const ringFiles = await checkpointFiles(ring, 'ring');
    ring.dispose();
    await el.loadFromFiles(ringFiles);
    expect(el.drawn.problem).toMatch(/checkpoint "ring.json": it was trained on ring8, not on MNIST digits: a checkpoint of <saddle-gan-trainer>/);
    await el.loadFromFiles([json]);
    expect(el.drawn.problem).toMatch(/choose both files of a checkpoint/);
    await el.loadFromBrowser();
    expect(el.drawn.problem).toMatch(/in this browser: nothing is saved under this name yet/);
    // Nothing lost: the same run, the same picture, and it trains on.
    expect(el.drawn.error).toBeUndefined();
    expect(el.drawn.step).toBe(2);
    expect(pixels(el)).toEqual(before);
    await el.stepOnce(1);
    expect(el.drawn.step).toBe(3);
  }, 180_000);

  it('a live learning-rate change keeps the step and the weights; another optimizer keeps the weights; a new latent size restarts and says so', async () => {
    const el = await images(SAVED);
    await el.stepOnce(3);
    const trained = pixels(el);
    el.setAttribute('lr', '1e-3,5e-4');
    await vi.waitFor(() => expect(el.drawn.note).toMatch(/^changed live at step 3/), { timeout: 30_000 });
    expect(el.drawn.carried).toBe('everything');
    expect(el.drawn.step).toBe(3);
    expect(pixels(el)).toEqual(trained);
    await el.stepOnce(1);
    expect(el.drawn.step).toBe(4);
    const moved = pixels(el);
    el.setAttribute('optimizer', 'simgda');
    await vi.waitFor(() => expect(el.drawn.carried).toBe('weights'), { timeout: 30_000 });
    expect(el.drawn.step).toBe(4);
    expect(pixels(el)).toEqual(moved);
    expect(el.drawn.note).toMatch(/the optimizer changed \(adam → simgda\)/);
    el.setAttribute('latent', '3');
    await vi.waitFor(() => expect(el.drawn.carried).toBe('nothing'), { timeout: 30_000 });
    expect(el.drawn.step).toBe(0);
    expect(el.drawn.note).toMatch(/^restarted: the latent size changed \(4 → 3\)/);
    await vi.waitFor(() => expect(shadow(el, '.note[role=status]').textContent).toContain('latent size changed'), { timeout: 30_000 });
  }, 180_000);
});
