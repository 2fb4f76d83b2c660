import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A module an element needs but the embed bundle should not carry (the analysis, with ml-matrix): imported when the
 * element first connects, then kept. The host re-renders when it arrives; if it cannot load (a broken deployment),
 * {@link error} says so, for the element to show instead of anything else.
 *
 *   let model: Promise<typeof import('./x-model.ts')> | undefined;
 *   #analysis = new LazyModule(this, () => (model ??= import('./x-model.ts')));   …   this.#analysis.value?.f()
 */
export class LazyModule<M> implements ReactiveController {
  /** The module, once loaded. */
  value?: M;
  /** Why it could not load. */
  error?: string;
  readonly #host: ReactiveControllerHost;
  readonly #load: () => Promise<M>;

  /** `load` should return the same promise every time (a module-level cache), so that it is fetched once. */
  constructor(host: ReactiveControllerHost, load: () => Promise<M>) {
    this.#host = host;
    this.#load = load;
    host.addController(this);
  }

  hostConnected(): void {
    void this.#load().then(
      (m) => {
        this.value = m;
        this.#host.requestUpdate();
      },
      (e: unknown) => {
        this.error = `internal error: the analysis could not load (${e instanceof Error ? e.message : String(e)})`;
        this.#host.requestUpdate();
      },
    );
  }
}
