import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The host's content width in whole pixels, kept by a ResizeObserver, for elements that fill their container:
 *   #width = new WidthController(this);   …   const w = this.#width.value || 420;
 * The host re-renders when the width changes (0 until the first observation). The new width is stored in a
 * requestAnimationFrame callback, not in the observer's: an element that changes its own height while the observer
 * runs would make Chromium report "ResizeObserver loop completed with undelivered notifications" to the page.
 */
export class WidthController implements ReactiveController {
  value = 0;
  readonly #host: ReactiveControllerHost & HTMLElement;
  #observer?: ResizeObserver;
  #frame = 0;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width);
      cancelAnimationFrame(this.#frame);
      this.#frame = requestAnimationFrame(() => {
        if (w === this.value) return;
        this.value = w;
        this.#host.requestUpdate();
      });
    });
    this.#observer.observe(this.#host);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    cancelAnimationFrame(this.#frame);
  }
}
