import { css } from 'lit';

/** The look of `<saddle-phase-plot>`: light field, strong trajectories, the legend as a three-column grid. */
export const styles = css`
  :host {
    display: block;
    font-size: 0.875rem;
    color: #222;
  }
  svg[role='application'] {
    display: block;
    touch-action: none;
    user-select: none;
    overflow: visible;
  }
  svg[role='application']:focus {
    outline: none;
  }
  svg[role='application']:focus-visible .background {
    stroke: #0072b2;
    stroke-width: 2;
  }
  .background {
    fill: #fcfcfc;
    stroke: #ddd;
  }
  .arrows path {
    fill: none;
    stroke-width: 1.1;
    stroke-linecap: round;
  }
  .nonfinite {
    fill: #999;
  }
  .x-axis,
  .y-axis {
    font-size: 11px;
    color: #666;
  }
  .axis-label {
    font-size: 14px;
    font-style: italic;
    fill: #222;
  }
  .trajectory .line {
    fill: none;
    stroke-linejoin: round;
  }
  .trajectory circle {
    stroke: none;
  }
  .trajectory .end {
    stroke: #fff;
    stroke-width: 1.5;
  }
  .handle {
    cursor: grab;
  }
  .handle .hit {
    fill: transparent;
  }
  .handle .ring {
    fill: #fff;
    stroke: #222;
    stroke-width: 2;
  }
  .handle .dot {
    fill: #222;
  }
  .legend {
    list-style: none;
    margin: 0.5rem 0 0;
    padding: 0;
    line-height: 1.45;
    display: grid;
    grid-template-columns: auto auto minmax(0, 1fr);
    gap: 0.2rem 0.5rem;
    align-items: baseline;
  }
  .legend li {
    display: contents;
  }
  .legend .start {
    display: block;
    grid-column: 1 / -1;
    color: #555;
  }
  .swatch {
    align-self: start;
    margin-top: 0.3em;
  }
  .swatch line {
    stroke-width: 2;
  }
  .label {
    font-weight: 600;
    white-space: nowrap;
  }
  .status {
    color: #555;
  }
  .status span {
    white-space: nowrap;
  }
  .status.diverged {
    color: #a33a00;
  }
  .status.converged {
    color: #00734f;
  }
  .message {
    margin: 0;
    padding: 0.75rem 1rem;
    border: 1px solid #e3b5a0;
    border-radius: 4px;
    background: #fff6f1;
    color: #8a2d00;
  }
  .message.loading {
    border-color: #ddd;
    background: #fafafa;
    color: #555;
  }
`;
