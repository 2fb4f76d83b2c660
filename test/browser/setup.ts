/**
 * Runs before every browser test file (vitest.config.ts, project `browser`). A test fails when it logged a console
 * error or let an error escape (uncaught, or an unhandled rejection): an element must show bad input inside itself,
 * never in the console. Elements mounted with helpers.ts's `mount` are removed after each test. A test that provokes
 * an error on purpose takes it with `takeConsoleErrors()` (helpers.ts) and asserts on it.
 */
import { afterAll, afterEach } from 'vitest';
import { consoleErrors, mounted } from './helpers.ts';

const describeValue = (v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

const original = console.error.bind(console);
console.error = (...args: unknown[]) => {
  // vitest's own error catcher logs the ResizeObserver loop event again: the listener below records it once.
  if (!(args.length === 1 && args[0] instanceof Error && /ResizeObserver loop/.test(args[0].message))) consoleErrors.push(`console.error: ${args.map(describeValue).join(' ')}`);
  original(...args);
};
/**
 * Chromium reports "ResizeObserver loop completed with undelivered notifications" as a window `error` event (not in
 * the console) when an element changes its own size inside its ResizeObserver callback. A host page's error
 * reporting sees it for every widget, so it counts, with the fix spelled out.
 */
const RESIZE_LOOP_HINT =
  ' (the element changed its size inside its ResizeObserver callback, in the same frame: store the new width in a requestAnimationFrame callback instead, so the re-render happens before the next frame\'s resize observations)';
window.addEventListener('error', (e) => consoleErrors.push(`uncaught error: ${e.message}${/ResizeObserver loop/.test(e.message) ? RESIZE_LOOP_HINT : ''}`));
window.addEventListener('unhandledrejection', (e) => consoleErrors.push(`unhandled rejection: ${describeValue(e.reason)}`));

/** Throws when errors were logged; none is dropped: one logged between tests (a late callback) fails the next. */
function check(when: string): void {
  const errors = consoleErrors.splice(0);
  if (errors.length) throw new Error(`${errors.length} error(s) logged ${when}:\n  ${errors.join('\n  ')}`);
}

afterEach(() => {
  for (const box of mounted.splice(0)) box.remove();
  check('during this test (or since the previous one ended)');
});

afterAll(() => check('after the last test of this file'));
