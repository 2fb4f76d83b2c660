/**
 * `prefers-reduced-motion: reduce`, emulated in Chromium through the DevTools protocol (Emulation.setEmulatedMedia,
 * vitest's `cdp()`), for every element that moves on its own:
 * - `<saddle-spectrum-plot>`: its eigenvalue markers glide to their new place (a CSS transition) when η changes;
 *   under reduced motion they jump there, with no transition running.
 * - `<saddle-phase-plot particles>`: the particles stream every animation frame; under reduced motion they are a
 *   still picture of short streaks (no animation loop).
 * - `<saddle-phase-plot>` play (space): the iterates appear step by step over about 3 s; under reduced motion in 10
 *   coarse jumps.
 * (`<saddle-matrix-game>` has no animation: nothing to turn off. The GAN elements do not start playing under reduced
 * motion; their own tests cover that.)
 *
 *   npx vitest run --project browser test/browser/reduced-motion.browser.test.ts
 */
import { cdp, userEvent } from 'vitest/browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../components/phase-plot.ts';
import '../../components/spectrum-plot.ts';
import type { PhasePlot } from '../../components/phase-plot.ts';
import type { SpectrumPlot } from '../../components/spectrum-plot.ts';
import { mount, settled, shadow, shadowAll } from './helpers.ts';

/** Emulates the reader's motion preference for the page (and every frame in it). */
const prefer = (motion: 'reduce' | 'no-preference') =>
  cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-reduced-motion', value: motion }] });

afterEach(async () => {
  await cdp().send('Emulation.setEmulatedMedia', { features: [] });
});

/** The CSS transitions running on the spectrum plot's eigenvalue markers. */
const transitions = (el: SpectrumPlot) => shadowAll(el, 'g.eig').flatMap((g) => g.getAnimations().filter((a) => a instanceof CSSTransition));

/** Each marker's translation as the page shows it now (mid-transition or not) and where it is going. */
function markers(el: SpectrumPlot) {
  return shadowAll<SVGGElement>(el, 'g.eig').map((g) => {
    const now = new DOMMatrix(getComputedStyle(g).transform);
    const to = g.style.transform.match(/translate\(([-\d.]+)px, ([-\d.]+)px\)/)!.slice(1).map(Number);
    return { now: [now.e, now.f], to };
  });
}

describe('prefers-reduced-motion', () => {
  it('the media query is emulated (the check the elements make)', async () => {
    await prefer('reduce');
    expect(matchMedia('(prefers-reduced-motion: reduce)').matches).toBe(true);
    await prefer('no-preference');
    expect(matchMedia('(prefers-reduced-motion: reduce)').matches).toBe(false);
  });

  it('<saddle-spectrum-plot>: the eigenvalues glide to a new η, and jump there under reduced motion', async () => {
    for (const motion of ['no-preference', 'reduce'] as const) {
      await prefer(motion);
      const el = await mount<SpectrumPlot>('saddle-spectrum-plot', { game: 'bilinear', optimizers: 'simgda,eg', lr: '0.1' });
      expect(transitions(el)).toHaveLength(0);
      el.setAttribute('lr', '0.9');
      await el.updateComplete;
      // Read at once, in the same task: a transition starts from the old place, a jump is already at the new one.
      const moved = markers(el);
      const running = transitions(el);
      if (motion === 'reduce') {
        expect(running).toHaveLength(0);
        for (const m of moved) expect(m.now.map((v, k) => Math.abs(v - m.to[k]) < 0.01)).toEqual([true, true]);
        expect(getComputedStyle(shadow(el, 'g.eig')).transitionDuration).toBe('0s');
      } else {
        // Every marker whose place changed is in transition, from where it was.
        expect(running.length).toBeGreaterThan(0);
        expect(moved.some((m) => Math.hypot(m.now[0] - m.to[0], m.now[1] - m.to[1]) > 1)).toBe(true);
        await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
        for (const m of markers(el)) expect(m.now.map((v, k) => Math.abs(v - m.to[k]) < 0.01)).toEqual([true, true]);
      }
      el.parentElement!.remove();
    }
  });

  it('<saddle-phase-plot particles>: an animation loop normally, a still picture of streaks under reduced motion', async () => {
    await prefer('reduce');
    const still = await mount<PhasePlot>('saddle-phase-plot', { game: 'bilinear', optimizers: 'simgda', steps: '20', particles: '300' });
    const canvas = shadow<HTMLCanvasElement>(still, 'canvas.particles');
    // Drawn: the canvas is not blank.
    await vi.waitFor(() => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      expect(data.some((v, k) => k % 4 === 3 && v > 0)).toBe(true);
    });
    const before = canvas.toDataURL();
    for (let k = 0; k < 10; k++) await new Promise((r) => requestAnimationFrame(r));
    expect(canvas.toDataURL() === before, 'the picture changed between frames').toBe(true);
    expect(still.particleFps).toBe(0);
    // A re-render of the plot (here: its start point moves, as in a drag) leaves the streaks where they are.
    still.setAttribute('init', '0.5,-0.5');
    await settled(still);
    expect(still.trajectories[0].points[0]).toEqual([0.5, -0.5]);
    expect(canvas.toDataURL() === before, 'the picture changed at a re-render').toBe(true);

    // The reader's preference changes while the page is open: the particles start streaming.
    await prefer('no-preference');
    await vi.waitFor(() => expect(still.particleFps).toBeGreaterThan(0));
    expect(canvas.toDataURL() === before, 'the picture did not change while streaming').toBe(false);
    // And back: the loop stops again.
    await prefer('reduce');
    await vi.waitFor(() => expect(still.particleFps).toBe(0));
  });

  it('<saddle-phase-plot> play: the iterates step by step normally, in 10 coarse jumps under reduced motion', async () => {
    for (const motion of ['no-preference', 'reduce'] as const) {
      await prefer(motion);
      const el = await mount<PhasePlot>('saddle-phase-plot', { game: 'bilinear', optimizers: 'simgda', lr: '0.2', steps: '20', init: '1,1' });
      const shown = new Set<number>();
      const watch = new MutationObserver(() => {
        const m = shadow(el, '.legend .start').textContent!.match(/showing step (\d+) of 20/);
        if (m) shown.add(Number(m[1]));
      });
      watch.observe(el.shadowRoot!, { subtree: true, characterData: true, childList: true });
      shadow<SVGSVGElement>(el, 'svg.plot').focus();
      await userEvent.keyboard(' ');
      // Until it has played to the end (the legend no longer says "showing step").
      await vi.waitFor(() => expect(shadow(el, '.legend .start').textContent).not.toMatch(/showing step/), { timeout: 15_000, interval: 50 });
      watch.disconnect();
      await settled(el);
      const steps = [...shown].sort((a, b) => a - b);
      if (motion === 'reduce') {
        // 20 steps in jumps of 2: only even counts, at most 10 pictures after the start.
        expect(steps.every((s) => s % 2 === 0)).toBe(true);
        expect(steps.filter((s) => s > 0).length).toBeLessThanOrEqual(10);
      } else {
        // A quarter step per frame at most: every count from 1 to 19 is shown on the way.
        expect(steps.filter((s) => s > 0 && s < 20)).toEqual(Array.from({ length: 19 }, (_, k) => k + 1));
      }
      el.parentElement!.remove();
    }
  });
});
