/**
 * What the views of a phase plot's run share (`<saddle-norm-plot>`, `<saddle-spectrum-plot>`): the phase plot's
 * attributes for a standalone view (for, game, params, optimizers, lr, opts, init, domain; all reflected), the
 * `for="id"` link that draws what a `<saddle-phase-plot id="id">` runs instead (kit/follow.ts), and the width
 * observer. A subclass adds its own attributes and asks {@link PhasePlotView.source} in `willUpdate` what to show.
 */
import { LitElement } from 'lit';
import type { Game } from '../src/game.ts';
import { FollowController } from './kit/follow.ts';
import { reflected, type Attribute } from './kit/properties.ts';
import { WidthController } from './kit/width.ts';
import { checkOptimizers, readAttributes, type PlotAttributes, type PlotSpec, type PlotTrajectory } from './phase-plot-model.ts';

/** What a view shows: the settings and the game, and, when it follows a plot, the trajectories that plot ran. */
export interface ViewSource {
  readonly spec: PlotSpec;
  readonly game: Game;
  readonly trajectories?: readonly PlotTrajectory[];
}

export class PhasePlotView extends LitElement {
  static override properties = reflected(['for', 'game', 'params', 'optimizers', 'lr', 'opts', 'init', 'domain']);
  declare for: Attribute;
  declare game: Attribute;
  declare params: Attribute;
  declare optimizers: Attribute;
  declare lr: Attribute;
  declare opts: Attribute;
  declare init: Attribute;
  declare domain: Attribute;

  protected readonly follow = new FollowController(this, () => this.for);
  protected readonly width = new WidthController(this);
  #gameKey?: string;
  #game?: Game;
  #gameError?: unknown;

  /**
   * Call in `willUpdate`. With `for`: the followed plot's run (undefined until it has one; an {@link InputError} on
   * `for` if the id names no plot). Without: the element's own attributes read as a phase plot's, with the game
   * made by `make` once per game and params (undefined while it is made; its error thrown). A bad attribute throws.
   */
  protected source(make: (spec: PlotSpec) => Promise<Game>): ViewSource | undefined {
    this.follow.sync();
    if (this.for != null) return this.follow.current();
    const spec = readAttributes(this as PlotAttributes);
    checkOptimizers(spec);
    const key = JSON.stringify([spec.game, spec.params]);
    if (key !== this.#gameKey) {
      this.#gameKey = key;
      this.#game = undefined;
      this.#gameError = undefined;
      make(spec).then(
        (g) => {
          if (key !== this.#gameKey) return;
          this.#game = g;
          this.requestUpdate();
        },
        (e: unknown) => {
          if (key !== this.#gameKey) return;
          this.#gameError = e;
          this.requestUpdate();
        },
      );
    }
    if (this.#gameError !== undefined) throw this.#gameError;
    return this.#game && { spec, game: this.#game };
  }
}
