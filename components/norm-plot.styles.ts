import { css } from 'lit';

/**
 * The look of `<saddle-norm-plot>` beyond the kit's (kit/styles.ts: axes, legend, toolbar): measured lines, the wide
 * translucent dashes of the predictions, the cursor and its readout.
 */
export const styles = css`
  .series .measured {
    fill: none;
    stroke-width: 1.8;
    stroke-linejoin: round;
  }
  /* Wide and translucent under the measured line, so that it still shows where the two coincide. */
  .series .predicted {
    fill: none;
    stroke-width: 4;
    stroke-opacity: 0.4;
    stroke-dasharray: 9 5;
  }
  .series .end {
    stroke: #fff;
    stroke-width: 1.2;
  }
  .cursor line {
    stroke: #222;
    stroke-width: 1;
    stroke-dasharray: 2 3;
  }
  .swatch .dash {
    stroke-width: 3.5;
    stroke-opacity: 0.4;
    stroke-dasharray: 5 3;
  }
  .readout {
    min-height: 1.3em;
    margin: 0.25rem 0 0;
    color: #333;
    font-variant-numeric: tabular-nums;
  }
  /* Two columns (swatch, then the name with its rates after it), so that a long name never squeezes the rates. */
  .legend {
    grid-template-columns: auto minmax(0, 1fr);
  }
  .legend .label {
    white-space: normal;
  }
  .status span {
    white-space: nowrap;
  }
  .status .rate {
    color: #333;
    white-space: normal;
  }
`;
