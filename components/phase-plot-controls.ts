/**
 * The phase plot's toolbar (attribute `controls`): optimizer toggles, a learning-rate slider, the number of steps,
 * play/pause of the iterates, resetting the view, and the export buttons. `hide="lr,steps"` leaves some out, so a
 * lesson can show only what it is about. Every control is a native input or button with a label.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { InputError, show } from '../src/errors.ts';
import { exportButtons, type ExportSource } from './kit/export.ts';

/** The controls `hide` can name. */
export const CONTROL_NAMES = ['optimizers', 'lr', 'steps', 'play', 'view', 'export'] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];

/** The optimizers offered as toggles (besides those the plot already runs). */
export const OFFERED = ['simgda', 'altgda', 'eg', 'ogda', 'momentum', 'adam', 'consensus', 'sga'] as const;

/** The learning-rate slider runs over log₁₀ η ∈ [−3, 0], in steps of 0.05 (η from 0.001 to 1). */
export const LR_RANGE = { min: -3, max: 0, step: 0.05 } as const;

/** Reads `hide`: a comma list of {@link CONTROL_NAMES}. */
export function readHide(raw: string | null | undefined): Set<ControlName> {
  const names = (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) {
    if (!(CONTROL_NAMES as readonly string[]).includes(n)) throw new InputError('hide', `${show(n)} is not a control (known: ${CONTROL_NAMES.join(', ')})`);
  }
  return new Set(names as ControlName[]);
}

/** The slider position for a learning rate (clamped to the slider's range). */
export const lrToSlider = (lr: number): number => Math.min(LR_RANGE.max, Math.max(LR_RANGE.min, Math.log10(lr)));
/** The learning rate for a slider position, rounded to 3 significant digits (what the attribute then shows). */
export const sliderToLr = (v: number): number => Number((10 ** v).toPrecision(3));

export interface ControlsState {
  readonly hide: ReadonlySet<ControlName>;
  /** The optimizers the plot runs, in order. */
  readonly optimizers: readonly string[];
  /** The learning rate shown (the first player's). */
  readonly lr: number;
  readonly steps: number;
  readonly playing: boolean;
  readonly zoomed: boolean;
  readonly exportSource: ExportSource;
}

export interface ControlsActions {
  toggle(name: string, on: boolean): void;
  setLr(lr: number): void;
  setSteps(steps: number): void;
  play(): void;
  resetView(): void;
}

export function controlsTemplate(s: ControlsState, act: ControlsActions): TemplateResult {
  const shown = (n: ControlName) => !s.hide.has(n);
  const offered = [...s.optimizers, ...OFFERED.filter((o) => !s.optimizers.includes(o))];
  return html`<div class="controls" role="toolbar" aria-label="Phase plot controls">
    ${shown('optimizers')
      ? html`<fieldset class="toggles">
          <legend>optimizers</legend>
          ${offered.map(
            (name) => html`<label
              ><input
                type="checkbox"
                .checked=${s.optimizers.includes(name)}
                ?disabled=${s.optimizers.length === 1 && s.optimizers[0] === name}
                @change=${(e: Event) => act.toggle(name, (e.target as HTMLInputElement).checked)}
              />${name}</label
            >`,
          )}
        </fieldset>`
      : nothing}
    ${shown('lr')
      ? html`<label class="lr"
          >η
          <input
            type="range"
            min=${LR_RANGE.min}
            max=${LR_RANGE.max}
            step=${LR_RANGE.step}
            .value=${String(lrToSlider(s.lr))}
            aria-label="learning rate η (log scale)"
            aria-valuetext=${String(s.lr)}
            @input=${(e: Event) => act.setLr(sliderToLr(Number((e.target as HTMLInputElement).value)))}
          />
          <output>${s.lr}</output></label
        >`
      : nothing}
    ${shown('steps')
      ? html`<label class="steps"
          >steps
          <input
            type="number"
            min="1"
            max="5000"
            .value=${String(s.steps)}
            @change=${(e: Event) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isInteger(v) && v >= 1 && v <= 5000) act.setSteps(v);
            }}
        /></label>`
      : nothing}
    ${shown('play')
      ? html`<button type="button" class="play" aria-pressed=${s.playing ? 'true' : 'false'} aria-label=${s.playing ? 'Pause the iterates' : 'Play the iterates step by step'} @click=${act.play}>
          ${s.playing ? '❚❚ pause' : '▶ play'}
        </button>`
      : nothing}
    ${shown('view') ? html`<button type="button" ?disabled=${!s.zoomed} aria-label="Reset zoom and pan" @click=${act.resetView}>reset view</button>` : nothing}
    ${shown('export') ? exportButtons(s.exportSource) : nothing}
  </div>`;
}

export const controlsStyles = css`
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem 0.9rem;
    margin: 0 0 0.4rem;
    font-size: 0.8rem;
    color: #333;
  }
  .controls fieldset {
    border: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.1rem 0.55rem;
  }
  .controls legend {
    float: left;
    margin-right: 0.3rem;
    color: #666;
  }
  .controls label {
    display: inline-flex;
    align-items: center;
    gap: 0.2rem;
    white-space: nowrap;
  }
  .controls input[type='range'] {
    width: 7rem;
  }
  .controls input[type='number'] {
    width: 4.5rem;
    font: inherit;
  }
  .controls output {
    min-width: 2.6rem;
    font-variant-numeric: tabular-nums;
  }
  .controls > button {
    font: inherit;
    padding: 0.1rem 0.5rem;
    border: 1px solid #ccc;
    border-radius: 3px;
    background: #fff;
    cursor: pointer;
  }
  .controls > button:focus-visible,
  .controls input:focus-visible {
    outline: 2px solid #0072b2;
    outline-offset: 1px;
  }
  .controls > button:disabled {
    opacity: 0.45;
    cursor: default;
  }
`;
