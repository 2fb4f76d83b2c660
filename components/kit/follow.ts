/**
 * Linked views. A SOURCE element (`<saddle-phase-plot>`) exposes what it ran as a read-only property `run` and
 * dispatches `saddle-run` (a CustomEvent whose detail is the same {@link RunSnapshot}; bubbles, composed) each time it
 * recomputes. A FOLLOWER (`<saddle-norm-plot for="plot1">`) calls {@link follow} in its `connectedCallback` and
 * draws what the source ran; the returned function, called in `disconnectedCallback`, stops following.
 *
 * The source may come later than the follower: defined later (its module loads after), inserted later, or its id set
 * later. `follow` resolves the id in the follower's root node (the document, or the shadow root the follower sits
 * in) and watches that root with a MutationObserver, so it re-attaches whenever the element with that id changes.
 * A lit element uses {@link FollowController} rather than `follow` directly.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { InputError } from '../../src/errors.ts';
import type { Game } from '../../src/game.ts';
import type { PlotSpec, PlotTrajectory } from '../phase-plot-model.ts';

/** What a source ran: its settings, the game object and every trajectory with its status. */
export interface RunSnapshot {
  readonly spec: PlotSpec;
  readonly game: Game;
  readonly trajectories: readonly PlotTrajectory[];
}

/** The event a source dispatches after each recompute. */
export const RUN_EVENT = 'saddle-run';

/** An element that can be followed. */
export interface RunSource extends HTMLElement {
  readonly run: RunSnapshot | undefined;
}

/** Dispatches `saddle-run` from a source (bubbles, composed). */
export function dispatchRun(source: HTMLElement, run: RunSnapshot): void {
  source.dispatchEvent(new CustomEvent<RunSnapshot>(RUN_EVENT, { detail: run, bubbles: true, composed: true }));
}

/** The sentence a follower shows when its `for` does not name a source. */
export function followProblem(id: string, found: Element | null): string | undefined {
  if (id.trim() === '') return 'for: expected the id of a <saddle-phase-plot> on this page, got an empty value';
  if (!found) return `for: no element with id "${id}" on this page (expected the id of a <saddle-phase-plot>)`;
  if (!('run' in found)) return `for: the element with id "${id}" is a <${found.localName}>, which runs no trajectories (expected a <saddle-phase-plot>)`;
  return undefined;
}

export interface FollowOptions {
  /**
   * Called with a readable problem whenever the id names no source (no such element, or one that runs nothing),
   * and with undefined once it does. While the page is still being parsed a missing element is not yet reported.
   */
  readonly onProblem?: (problem: string | undefined) => void;
}

/**
 * Follows the element with id `id` in `host`'s root node: calls `onRun(source.run)` at once when the source has a
 * run, then on every `saddle-run` from it. Returns the function that stops following. Call it when `host` is
 * connected (its root node is then the document or its shadow root).
 */
export function follow(host: HTMLElement, id: string, onRun: (run: RunSnapshot) => void, options: FollowOptions = {}): () => void {
  const root = host.getRootNode() as Document | ShadowRoot | HTMLElement;
  let source: Element | null | undefined; // undefined: not looked up yet
  let stopped = false;
  let lastProblem: string | undefined | null = null; // null: nothing reported yet

  const report = (problem: string | undefined) => {
    if (problem === lastProblem) return;
    lastProblem = problem;
    options.onProblem?.(problem);
  };
  const listener = (e: Event) => {
    if (e.target === source) onRun((e as CustomEvent<RunSnapshot>).detail);
  };
  const find = (): Element | null =>
    'getElementById' in root ? root.getElementById(id) : root.querySelector(`#${CSS.escape(id)}`);

  const check = (el: Element) => {
    const problem = followProblem(id, el);
    report(problem);
    const run = (el as Partial<RunSource>).run;
    if (!problem && run) onRun(run);
  };

  const resolve = () => {
    if (stopped) return;
    const el = id.trim() === '' ? null : find();
    if (el === source) return;
    source?.removeEventListener(RUN_EVENT, listener);
    source = el;
    if (!el) {
      const parsing = typeof document !== 'undefined' && document.readyState === 'loading';
      if (!parsing || id.trim() === '') report(followProblem(id, null));
      return;
    }
    el.addEventListener(RUN_EVENT, listener);
    const tag = el.localName;
    if (tag.includes('-') && !customElements.get(tag)) {
      // Not upgraded yet: `run` appears once its class is defined.
      report(undefined);
      void customElements.whenDefined(tag).then(() => {
        if (!stopped && source === el) check(el);
      });
    } else {
      check(el);
    }
  };

  const observer = new MutationObserver(resolve);
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
  const onLoaded = () => {
    if (!source) report(followProblem(id, null));
  };
  if (typeof document !== 'undefined' && document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onLoaded, { once: true });
  resolve();

  return () => {
    stopped = true;
    observer.disconnect();
    document.removeEventListener('DOMContentLoaded', onLoaded);
    source?.removeEventListener(RUN_EVENT, listener);
    source = null;
  };
}

/**
 * The `for="id"` of a lit element that shows what a `<saddle-phase-plot>` runs (`<saddle-norm-plot>`,
 * `<saddle-spectrum-plot>`): a reactive controller over {@link follow} that keeps the source's latest run and its
 * `for` problem, and re-renders its host when either changes. It attaches when the host connects, re-attaches when
 * `for` changes (call {@link sync} in `willUpdate`) and stops when the host disconnects.
 *
 *   #follow = new FollowController(this, () => this.for);
 *   willUpdate() { this.#follow.sync(); const run = this.#follow.current(); … }   // throws the `for` problem
 */
export class FollowController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #id: () => string | null | undefined;
  #followed?: string;
  #stop?: () => void;
  #run?: RunSnapshot;
  #problem?: string;

  /** `id` reads the host's `for` attribute (null or undefined: follow nothing). */
  constructor(host: ReactiveControllerHost & HTMLElement, id: () => string | null | undefined) {
    this.#host = host;
    this.#id = id;
    host.addController(this);
  }

  /** True when the host follows a plot (its `for` is set). */
  get active(): boolean {
    return this.#id() != null;
  }

  /** The followed plot's latest run (undefined until it has one); throws an {@link InputError} on `for` if the id names no plot. */
  current(): RunSnapshot | undefined {
    if (this.#problem) throw new InputError('for', this.#problem.replace(/^for: /, ''));
    return this.#run;
  }

  hostConnected(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = undefined;
    this.#followed = undefined;
  }

  /** (Re)attaches when `for` changed; call it in the host's willUpdate. */
  sync(): void {
    const id = this.#id() ?? undefined;
    if (id === this.#followed && (this.#stop || id === undefined)) return;
    this.#stop?.();
    this.#stop = undefined;
    this.#followed = id;
    this.#run = undefined;
    this.#problem = undefined;
    if (id === undefined || !this.#host.isConnected) return;
    this.#stop = follow(
      this.#host,
      id,
      (run) => {
        this.#run = run;
        this.#host.requestUpdate();
      },
      {
        onProblem: (p) => {
          this.#problem = p;
          this.#host.requestUpdate();
        },
      },
    );
  }
}
