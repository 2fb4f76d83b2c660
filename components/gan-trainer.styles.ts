import { css } from 'lit';

/** Styles of `<saddle-gan-trainer>` (and the shared parts of `<saddle-gan-1d>`). */
export const styles = css`
  :host {
    display: block;
    font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    color: #1d1d1f;
  }
  .bar,
  .settings,
  .views,
  .files {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 10px;
    align-items: center;
    margin: 4px 0;
  }
  .settings label,
  .views label {
    display: inline-flex;
    gap: 4px;
    align-items: center;
  }
  input[type='number'],
  input[type='text'] {
    width: 5.5em;
  }
  .player {
    display: inline-flex;
    gap: 4px;
    align-items: center;
    padding: 1px 5px;
    border: 1px solid #ddd;
    border-radius: 4px;
  }
  .player label {
    display: inline-flex;
    gap: 3px;
    align-items: center;
  }
  select,
  input,
  button {
    font: inherit;
  }
  button {
    padding: 2px 9px;
    border: 1px solid #bbb;
    border-radius: 4px;
    background: #f7f7f7;
    cursor: pointer;
  }
  button:focus-visible,
  canvas:focus-visible {
    outline: 2px solid #0072b2;
    outline-offset: 1px;
  }
  button[aria-pressed='true'] {
    background: #0072b2;
    color: #fff;
    border-color: #0072b2;
  }
  .status {
    color: #555;
    font-variant-numeric: tabular-nums;
  }
  .status b {
    color: #1d1d1f;
  }
  .body {
    display: flex;
    flex-wrap: wrap;
    gap: 10px;
    align-items: flex-start;
  }
  canvas {
    display: block;
    border: 1px solid #ddd;
    touch-action: none;
  }
  .charts {
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .chart {
    margin: 0;
  }
  .chart .grid {
    stroke: #eee;
  }
  .chart .tick,
  .chart .key,
  .chart .chart-title {
    font-size: 10px;
    fill: #555;
  }
  .chart .chart-title {
    font-weight: 600;
    fill: #1d1d1f;
  }
  .message {
    padding: 10px 12px;
    border-left: 3px solid #d55e00;
    background: #fff6f0;
    margin: 6px 0;
    white-space: pre-wrap;
  }
  .message.loading {
    border-color: #0072b2;
    background: #f2f8fc;
  }
  .note {
    color: #555;
    margin: 4px 0;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    margin: 4px 0;
    padding: 0;
    list-style: none;
    color: #444;
  }
  .swatch {
    display: inline-block;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    margin-right: 3px;
    vertical-align: -1px;
  }
  a.share {
    word-break: break-all;
    font-size: 11px;
  }
`;
