/**
 * `<saddle-gan-trainer>` in Chromium (WebGL 2 through SwiftShader): it trains on `webgl` (asserted, not assumed),
 * the tensor count stays flat from refresh to refresh, one-player steps move only that player, a live change keeps
 * the run, the optimizer control picks one optimizer per player while training, a checkpoint saved in IndexedDB and
 * loaded back gives the same samples for the same noise, so does a file round trip through the upload input with the
 * weights file renamed, a checkpoint that is not for this element (a digits one) is a message while the run goes on,
 * two trainers on one seed start from the same picture, and a bad configuration is a message inside the element.
 * setup.ts fails any test that logged a console error.
 *
 *   npx vitest run --project browser test/browser/gan-trainer.browser.test.ts
 */
import { describe, expect, it, vi } from 'vitest';
import '../../components/gan-trainer.ts';
import type { GanTrainerElement } from '../../components/gan-trainer.ts';
import { checkpointFiles } from '../../components/kit/checkpoint-io.ts';
import { mnistDigits } from '../../gan/mnist.ts';
import { createTrainer } from '../../gan/train.ts';
import { mountGan, settled, shadow } from './helpers.ts';

/** Mounts a trainer in a box `width` pixels wide and waits for its first picture (or its error). */
async function trainer(attributes: Record<string, string>, width = 900): Promise<GanTrainerElement> {
  return mountGan('saddle-gan-trainer', attributes, width);
}

const SMALL = { data: 'ring8', seed: '4', batch: '64', refresh: '0' };

describe('<saddle-gan-trainer> in Chromium', () => {
  it('trains on webgl, says so, and keeps the tensor count flat across refreshes', async () => {
    const el = await trainer(SMALL);
    expect(el.drawn.error).toBeUndefined();
    expect(el.drawn.backend).toBe('webgl');
    expect(el.drawn.skipped).toEqual([]);
    expect(shadow(el, '.status').textContent).toContain('webgl');
    // Warm-up: Adam makes its moments on the first step.
    await el.stepOnce('both', 3);
    const counts: number[] = [];
    for (let k = 0; k < 4; k++) {
      await el.stepOnce('both', 5);
      counts.push(el.drawn.tensors!);
    }
    expect(el.drawn.step).toBe(23);
    expect(new Set(counts).size).toBe(1);
    // The animation loop trains too, then stops.
    el.play();
    await vi.waitFor(() => expect(el.drawn.step).toBeGreaterThanOrEqual(33), { timeout: 60_000, interval: 100 });
    el.pause();
    await vi.waitFor(() => expect(el.drawn.frame!.step).toBe(el.drawn.step), { timeout: 20_000 });
    expect(el.drawn.tensors).toBe(counts[0]);
    expect(el.drawn.history.length).toBeGreaterThan(4);
    const f = el.drawn.frame!;
    for (const v of [f.lossG, f.lossD, f.gradNormG, f.gradNormD]) expect(Number.isFinite(v)).toBe(true);
    expect(f.fake.length).toBe(2 * 512);
    expect(f.heat.length).toBe(48 * 48);
    // The first test compiles WebGL shaders on a software GPU: minutes, not seconds, on a loaded machine.
  }, 240_000);

  it('"step D" moves the discriminator only, "step G" the generator only', async () => {
    const el = await trainer(SMALL);
    const before = el.drawn.frame!;
    await el.stepOnce('discriminator');
    const afterD = el.drawn.frame!;
    expect([...afterD.fake]).toEqual([...before.fake]);
    expect([...afterD.heat]).not.toEqual([...before.heat]);
    expect(el.drawn.step).toBe(0);
    await el.stepOnce('generator');
    const afterG = el.drawn.frame!;
    expect([...afterG.heat]).toEqual([...afterD.heat]);
    expect([...afterG.fake]).not.toEqual([...afterD.fake]);
    expect(el.drawn.step).toBe(1);
  }, 120_000);

  it('changes a learning rate while training and keeps the run (weights, optimizer state, step)', async () => {
    const el = await trainer(SMALL);
    await el.stepOnce('both', 6);
    const fake = [...el.drawn.frame!.fake];
    el.setAttribute('lr', '2e-3,1e-3');
    await vi.waitFor(() => expect(el.drawn.carried).toBe('everything'), { timeout: 20_000 });
    await settled(el);
    expect(el.drawn.step).toBe(6);
    expect([...el.drawn.frame!.fake]).toEqual(fake);
    el.setAttribute('optimizer', 'simgda');
    await vi.waitFor(() => expect(el.drawn.carried).toBe('weights'), { timeout: 20_000 });
    expect(el.drawn.step).toBe(6);
  }, 120_000);

  it('picks an optimizer per player with its two selects during a run, keeping the weights and the step', async () => {
    const el = await trainer(SMALL);
    await el.stepOnce('both', 4);
    const fake = [...el.drawn.frame!.fake];
    const changes: unknown[] = [];
    el.addEventListener('saddle-change', (e) => changes.push((e as CustomEvent).detail));
    const pick = (player: 'generator' | 'discriminator', value: string) => {
      const select = shadow<HTMLSelectElement>(el, `select[aria-label="${player} optimizer"]`);
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    pick('discriminator', 'simgda');
    expect(el.optimizer).toBe('adam,simgda');
    await el.updateComplete;
    expect(el.getAttribute('optimizer')).toBe('adam,simgda');
    expect(changes).toEqual([{ attribute: 'optimizer', value: 'adam,simgda' }]);
    await vi.waitFor(() => expect(el.drawn.carried).toBe('weights'), { timeout: 20_000 });
    await settled(el);
    expect(el.drawn.step).toBe(4);
    expect([...el.drawn.frame!.fake]).toEqual(fake);
    await el.stepOnce('both', 2);
    expect(el.drawn.step).toBe(6);
    expect(el.drawn.error).toBeUndefined();
    expect([...el.drawn.frame!.fake]).not.toEqual(fake);
    // A method on the joint game cannot be one player's rule: picking it for G sets both selects.
    pick('generator', 'eg');
    await el.updateComplete;
    expect(el.getAttribute('optimizer')).toBe('eg');
    await settled(el);
    expect(shadow<HTMLSelectElement>(el, 'select[aria-label="discriminator optimizer"]').value).toBe('eg');
    await vi.waitFor(() => expect(el.drawn.error).toBeUndefined(), { timeout: 20_000 });
  }, 120_000);

  it('save in the browser, train on, load: the same samples for the same noise, and the same next steps', async () => {
    const el = await trainer({ ...SMALL, id: 'ckpt' });
    await el.stepOnce('both', 5);
    shadow<HTMLButtonElement>(el, '.files button:nth-of-type(1)').click();
    await vi.waitFor(() => expect(shadow(el, '.note').textContent).toContain('saved step 5 in this browser'), { timeout: 20_000 });
    const saved = [...el.drawn.frame!.fake];
    await el.stepOnce('both', 4);
    const later = [...el.drawn.frame!.fake];
    expect(later).not.toEqual(saved);
    shadow<HTMLButtonElement>(el, '.files button:nth-of-type(2)').click();
    await vi.waitFor(() => expect(el.drawn.step).toBe(5), { timeout: 20_000 });
    await vi.waitFor(() => expect(el.drawn.frame!.step).toBe(5), { timeout: 20_000 });
    expect([...el.drawn.frame!.fake]).toEqual(saved);
    // The checkpoint carries the random streams: four more steps repeat the uninterrupted run.
    await el.stepOnce('both', 4);
    expect([...el.drawn.frame!.fake]).toEqual(later);
  }, 120_000);

  it('a file round trip through the upload input, the weights file renamed: the same samples and the same next steps', async () => {
    const el = await trainer(SMALL);
    await el.stepOnce('both', 3);
    const files = await el.saveToFiles();
    expect(files.map((f) => f.name)).toEqual(['saddle-gan.json', 'saddle-gan.weights.bin']);
    expect(el.drawn.note).toBe('saved step 3 as saddle-gan.json and saddle-gan.weights.bin');
    const saved = [...el.drawn.frame!.fake];
    await el.stepOnce('both', 3);
    const later = [...el.drawn.frame!.fake];
    expect(later).not.toEqual(saved);
    // As a person picks the files: a browser that saved a second download renamed the weights file.
    const input = shadow<HTMLInputElement>(el, '.files input[type=file]');
    const picked = new DataTransfer();
    picked.items.add(new File([files[1]], 'saddle-gan.weights (1).bin'));
    picked.items.add(files[0]);
    input.files = picked.files;
    input.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(el.drawn.note).toMatch(/^loaded step 3 from saddle-gan.json/), { timeout: 30_000 });
    await vi.waitFor(() => expect(el.drawn.frame!.step).toBe(3), { timeout: 30_000 });
    expect(el.drawn.problem).toBeUndefined();
    expect([...el.drawn.frame!.fake]).toEqual(saved);
    await el.stepOnce('both', 3);
    expect([...el.drawn.frame!.fake]).toEqual(later);
  }, 120_000);

  it('a checkpoint that is not for this element (MNIST digits) is a message of its own, and the run goes on', async () => {
    const el = await trainer({ ...SMALL, id: `wrong-${Date.now()}` });
    // A real checkpoint of <saddle-gan-images>: a (tiny) GAN on the shipped digits.
    await mnistDigits();
    const digits = createTrainer({ dataset: 'mnist', generator: { hidden: [4] }, discriminator: { hidden: [4] }, batch: 8 });
    const files = await checkpointFiles(digits, 'digits');
    digits.dispose();
    el.play();
    await vi.waitFor(() => expect(el.drawn.step).toBeGreaterThanOrEqual(2), { timeout: 60_000, interval: 100 });
    await el.loadFromFiles(files);
    expect(el.drawn.problem).toMatch(/^checkpoint "digits.json": it was trained on MNIST digits: a checkpoint of <saddle-gan-images>/);
    expect(shadow(el, '.message.problem[role=alert]').textContent).toContain('<saddle-gan-images>');
    await el.loadFromBrowser();
    expect(el.drawn.problem).toMatch(/in this browser: nothing is saved under this name yet/);
    // Not an error of the run: it trains on.
    expect(el.drawn.error).toBeUndefined();
    expect(el.drawn.running).toBe(true);
    const step = el.drawn.step;
    await vi.waitFor(() => expect(el.drawn.step).toBeGreaterThan(step), { timeout: 60_000, interval: 100 });
    el.pause();
    expect(el.getAttribute('data')).toBe('ring8');
  }, 180_000);

  it('two trainers on one seed start from the same picture and race two optimizers apart', async () => {
    const a = await trainer({ ...SMALL, optimizer: 'simgda', lr: '0.05' }, 420);
    const b = await trainer({ ...SMALL, optimizer: 'eg', lr: '0.05' }, 420);
    expect([...a.drawn.frame!.fake]).toEqual([...b.drawn.frame!.fake]);
    await a.stepOnce('both', 10);
    await b.stepOnce('both', 10);
    expect(a.drawn.step).toBe(10);
    expect(b.drawn.step).toBe(10);
    expect([...a.drawn.frame!.fake]).not.toEqual([...b.drawn.frame!.fake]);
  }, 120_000);

  it('shows a bad configuration inside the element, and recovers when it is fixed', async () => {
    const el = await trainer({ ...SMALL, optimizer: 'nope' });
    expect(shadow(el, '.message[role=alert]').textContent).toMatch(/unknown optimizer "nope"/);
    expect(el.drawn.error).toMatch(/optimizer/);
    el.setAttribute('optimizer', 'adam');
    await vi.waitFor(() => expect(el.drawn.error).toBeUndefined(), { timeout: 20_000 });
    await vi.waitFor(() => expect(el.drawn.frame).toBeDefined(), { timeout: 20_000 });
    el.setAttribute('lr', '-1');
    await vi.waitFor(() => expect(el.drawn.error).toMatch(/attribute lr/), { timeout: 20_000 });
  }, 120_000);
});
