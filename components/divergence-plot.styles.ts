import { css } from 'lit';
import { quietButton } from './kit/export.ts';
import { axisStyles, hostStyles, toolbarStyles } from './kit/styles.ts';

/** The look of `<saddle-divergence-plot>`: two stacked panels sharing θ, a quiet toolbar, the readout as a table. */
const own = css`
  .controls {
    display: inline-flex;
    gap: 0.5rem;
    align-items: center;
  }
  .toggle {
    ${quietButton}
  }
  .toggle[aria-pressed='true'] {
    border-color: #0072b2;
    color: #0072b2;
    background: #f0f7fc;
  }
  .toggle:focus-visible {
    outline: 2px solid #0072b2;
    outline-offset: 1px;
  }
  svg.chart {
    display: block;
    touch-action: none;
    user-select: none;
    overflow: visible;
  }
  svg.chart:focus {
    outline: none;
  }
  svg.chart:focus-visible .marker .knob {
    stroke: #0072b2;
    stroke-width: 3;
  }
  .panel-bg {
    fill: #fcfcfc;
    stroke: #ddd;
  }
  .axis-label {
    font-size: 13px;
    fill: #222;
  }
  .zero {
    stroke: #bbb;
    stroke-dasharray: 2 3;
  }
  .curve {
    fill: none;
    stroke-linejoin: round;
    stroke-linecap: round;
  }
  .infinite line {
    stroke-width: 2;
    stroke-dasharray: 5 4;
  }
  .infinite path {
    fill: none;
    stroke-width: 1.6;
  }
  .infinite text {
    font-size: 12px;
    font-weight: 600;
  }
  .open {
    fill: #fff;
    stroke-width: 1.8;
  }
  .marker line {
    stroke: #222;
    stroke-width: 1.2;
    stroke-dasharray: 4 3;
  }
  .marker .knob {
    fill: #fff;
    stroke: #222;
    stroke-width: 2;
    cursor: ew-resize;
  }
  .marker .hit {
    fill: transparent;
    cursor: ew-resize;
  }
  .marker .at {
    stroke: #fff;
    stroke-width: 1.2;
  }
  .readout {
    border-collapse: collapse;
    margin-top: 0.5rem;
    font-variant-numeric: tabular-nums;
  }
  .readout th,
  .readout td {
    padding: 0.1rem 0.75rem 0.1rem 0;
    text-align: right;
    white-space: nowrap;
  }
  .readout th:first-child,
  .readout td:first-child {
    text-align: left;
  }
  .readout thead th {
    font-weight: 600;
    color: #555;
    border-bottom: 1px solid #ddd;
  }
  .swatch {
    display: inline-block;
    width: 18px;
    height: 3px;
    margin-right: 0.4rem;
    vertical-align: middle;
    border-radius: 1px;
  }
  .progress {
    color: #555;
  }
  @media (prefers-reduced-motion: no-preference) {
    .toggle {
      transition: background-color 120ms, color 120ms;
    }
  }
`;

export const styles = [hostStyles, toolbarStyles, axisStyles, own];
