/**
 * `<saddle-gan-1d>` in Chromium: it draws Goodfellow et al.'s Figure 1 from the engine's numbers. The data density
 * integrates to 1 over the window, the arrows are G on the latent grid, (b) brings D towards D* = p_data/(p_data + p_g),
 * the saturating generator gradient is far below the non-saturating one once D rejects the fakes, switching the loss
 * keeps the networks, a bad attribute is a message inside the element, and "play" ends at panel (d) (p_g within TV 0.1
 * of p_data, D within 0.05 of ½ on average: gan/one-d.ts) and stops there.
 *
 *   npx vitest run --project browser test/browser/gan-1d.browser.test.ts
 */
import { describe, expect, it, vi } from 'vitest';
import '../../components/gan-1d.ts';
import type { Gan1d } from '../../components/gan-1d.ts';
import { mountGan, settled, shadow, shadowAll } from './helpers.ts';

async function mount1d(attributes: Record<string, string>): Promise<Gan1d> {
  return mountGan('saddle-gan-1d', attributes, 700);
}

/** Mean |D − D*| where the data has mass. */
function distanceToOptimum(d: NonNullable<Gan1d['drawn']>): number {
  const peak = Math.max(...d.pData);
  const ks = d.xs.map((_, k) => k).filter((k) => d.pData[k] > 0.05 * peak && Number.isFinite(d.dStar[k]));
  return ks.reduce((s, k) => s + Math.abs(d.d[k] - d.dStar[k]), 0) / ks.length;
}

describe('<saddle-gan-1d> in Chromium', () => {
  it('draws p_data, p_g, D and the map z ↦ G(z), and (b) trains D towards D*', async () => {
    const el = await mount1d({ seed: '2' });
    const d0 = el.drawn!;
    expect(d0.error).toBeUndefined();
    expect(d0.stage).toBe('a');
    expect(d0.backend).toBe('wasm');
    expect(d0.skipped).toEqual([]);
    expect(d0.xs).toHaveLength(161);
    // p_data integrates to 1 over the window (it spans the data's ±3.5σ): trapezoid rule.
    const h = d0.xs[1] - d0.xs[0];
    const area = d0.pData.reduce((s, v, k) => s + (k === 0 || k === d0.pData.length - 1 ? v / 2 : v), 0) * h;
    expect(area).toBeCloseTo(1, 2);
    expect(d0.z).toHaveLength(31);
    expect(d0.gz).toHaveLength(31);
    expect(shadowAll(el, 'svg line[marker-end]')).toHaveLength(31);
    for (const v of d0.d) expect(v).toBeGreaterThanOrEqual(0);
    const before = distanceToOptimum(d0);
    await el.stage('b');
    await settled(el);
    const d1 = el.drawn!;
    expect(d1.stage).toBe('b');
    expect(d1.dSteps).toBe(200);
    expect(d1.step).toBe(0);
    expect(d1.gz).toEqual(d0.gz);
    expect(distanceToOptimum(d1)).toBeLessThan(before);
    // D now rejects the fakes: the saturating loss's generator gradient is the smaller one.
    expect(d1.gradNorm.gan).toBeLessThan(d1.gradNorm.nsgan);
    expect(shadow(el, '.note b').textContent).toContain('(b)');
  }, 240_000);

  it('(c) moves G; switching the loss keeps the networks; a bad attribute is a message', async () => {
    const el = await mount1d({ seed: '2', loss: 'nsgan' });
    const gz = el.drawn!.gz;
    await el.stage('c');
    await settled(el);
    expect(el.drawn!.step).toBe(25);
    expect(el.drawn!.gz).not.toEqual(gz);
    const moved = el.drawn!.gz;
    el.setAttribute('loss', 'gan');
    await vi.waitFor(() => expect(shadow(el, 'select').closest('label')).toBeTruthy());
    await vi.waitFor(() => expect(el.drawn!.step).toBe(25), { timeout: 20_000 });
    expect(el.drawn!.gz).toEqual(moved);
    el.setAttribute('stds', '-1');
    await vi.waitFor(() => expect(el.drawn?.error).toMatch(/attribute stds/), { timeout: 20_000 });
    expect(shadow(el, '.message[role=alert]').textContent).toMatch(/positive/);
  }, 120_000);

  it('play ends at (d): p_g on p_data, D flat at ½, and the element pauses there', async () => {
    const el = await mount1d({ seed: '2' });
    expect(el.drawn!.stage).toBe('a');
    expect(el.drawn!.tv).toBeGreaterThan(0.5);
    shadowAll<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.includes('play'))!.click();
    await vi.waitFor(() => expect(el.drawn!.stage).toBe('d'), { timeout: 200_000, interval: 200 });
    await settled(el);
    const d = el.drawn!;
    expect(d.error).toBeUndefined();
    expect(d.tv).toBeLessThan(0.1);
    expect(d.offHalf).toBeLessThan(0.05);
    expect(d.step).toBeGreaterThan(0);
    // Paused at (d): the button offers play again, and the step count stays.
    expect(shadowAll(el, 'button').find((b) => b.getAttribute('aria-pressed') !== null)!.getAttribute('aria-pressed')).toBe('false');
    const step = d.step;
    await new Promise((r) => setTimeout(r, 300));
    expect(el.drawn!.step).toBe(step);
    expect(shadow(el, '.note b').textContent).toContain('(d)');
  }, 240_000);
});
