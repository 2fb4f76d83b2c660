/**
 * Helpers for the browser tests (test/browser/*.browser.test.ts, run in Chromium by the vitest `browser` project).
 * test/browser/phase-plot.browser.test.ts is the worked example: copy its shape for a new element.
 */
import { page, userEvent } from 'vitest/browser';
import { vi } from 'vitest';
import type { LitElement } from 'lit';

/**
 * Everything logged through console.error, and every uncaught error or unhandled rejection, since the current test
 * began. test/browser/setup.ts fills it and fails the test when it is not empty at the end; a test that provokes an
 * error on purpose takes it with {@link takeConsoleErrors} and asserts on it.
 */
export const consoleErrors: string[] = [];

/** Returns the errors logged so far in this test and clears them (so the test is not failed for them). */
export function takeConsoleErrors(): string[] {
  return consoleErrors.splice(0);
}

/** The mounted elements' wrappers, removed after each test by setup.ts. */
export const mounted: HTMLElement[] = [];

/**
 * Creates `<tag attr=value …>` inside a block `width` pixels wide (elements fill their container's width), adds it
 * to the page and waits until it has drawn: until `ready` (a selector in its shadow root, default `svg`) or an
 * error message (`.message[role=alert]`) is there, and lit has no update pending.
 */
export async function mount<T extends LitElement>(tag: string, attributes: Record<string, string>, options: { width?: number; ready?: string } = {}): Promise<T> {
  const el = place<T>(tag, attributes, options.width);
  await drawn(el, options.ready ?? 'svg');
  return el;
}

/** Creates `<tag attr=value …>` inside a block `width` pixels wide and adds it to the page (removed after the test). */
export function place<T extends HTMLElement>(tag: string, attributes: Record<string, string>, width = 520): T {
  const box = document.createElement('div');
  box.style.width = `${width}px`;
  const el = document.createElement(tag) as T;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  box.append(el);
  document.body.append(box);
  mounted.push(box);
  return el;
}

/**
 * {@link place} for the GAN elements, which load their engine (tfjs) first: waits for their `ready` promise and then
 * until lit is idle (their first picture, or their error message).
 */
export async function mountGan<T extends LitElement & { readonly ready: Promise<unknown> }>(tag: string, attributes: Record<string, string>, width = 900): Promise<T> {
  const el = place<T>(tag, attributes, width);
  await el.ready;
  await settled(el);
  return el;
}

/**
 * Waits until `el` shows `ready` (a selector in its shadow root) or an error message, and lit is idle. Call it after
 * changing attributes too: it first lets lit apply them, so an old picture does not count as the new one.
 */
export async function drawn(el: LitElement, ready = 'svg'): Promise<void> {
  await el.updateComplete;
  await vi.waitFor(
    () => {
      const root = el.shadowRoot;
      if (!root?.querySelector(`${ready}, .message[role="alert"]`)) {
        const shows = root?.querySelector('.message')?.textContent?.trim();
        throw new Error(`<${el.localName}> has not drawn ${ready} yet${shows ? ` (it shows "${shows}")` : ''}`);
      }
    },
    // Generous: the machine may be busy (the test's own timeout still bounds it).
    { timeout: 20_000, interval: 20 },
  );
  await settled(el);
}

/** Waits until lit has no update pending (an update can request another: loop until `updateComplete` says done). */
export async function settled(el: LitElement): Promise<void> {
  for (let i = 0; i < 20 && !(await el.updateComplete); i++);
  await nextFrame();
}

/** Resolves after the next animation frame (ResizeObserver callbacks and rAF-driven drawing have run). */
export const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** The first match of `selector` in `el`'s shadow root; fails the test with a readable message when absent. */
export function shadow<E extends Element = Element>(el: Element, selector: string): E {
  const found = el.shadowRoot?.querySelector<E>(selector);
  if (!found) throw new Error(`<${el.localName}> has no ${selector} in its shadow root`);
  return found;
}

/** Every match of `selector` in `el`'s shadow root. */
export const shadowAll = <E extends Element = Element>(el: Element, selector: string): E[] => [...(el.shadowRoot?.querySelectorAll<E>(selector) ?? [])];

/**
 * Drags with the real mouse (Playwright moves it in `steps` pointer moves, so the element sees pointerdown, several
 * pointermoves and pointerup, as from a person): from the centre of `from` to the point (fx, fy) of `onto`'s box,
 * given as fractions of its width and height from its top-left corner.
 */
export async function drag(from: Element, onto: Element, fx: number, fy: number, steps = 8): Promise<void> {
  const box = onto.getBoundingClientRect();
  await userEvent.dragAndDrop(page.elementLocator(from), page.elementLocator(onto), {
    targetPosition: { x: fx * box.width, y: fy * box.height },
    steps,
    // Arrows and trajectories lie over the plot area: the press and the release must go through them.
    force: true,
  });
}

/** Collects the `detail` of every `type` event that reaches `document` (so it bubbled out and is composed). */
export function events<D = unknown>(type: string): { details: D[]; stop: () => void } {
  const details: D[] = [];
  const listener = (e: Event) => details.push((e as CustomEvent<D>).detail);
  document.addEventListener(type, listener);
  return { details, stop: () => document.removeEventListener(type, listener) };
}
