import { css } from 'lit';

/**
 * The look of `<saddle-spectrum-plot>` beyond the kit's (kit/styles.ts): the shaded region |λ| > 1, the unit disc, the
 * eigenvalue markers (their movement off under prefers-reduced-motion), the η slider beside or under the plane.
 */
export const styles = css`
  .body {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.25rem;
    align-items: flex-start;
  }
  .side {
    flex: 1 1 240px;
    min-width: 0;
  }
  .outside {
    fill: #fbece5;
  }
  .disc {
    fill: #fff;
    stroke: #222;
    stroke-width: 1.5;
  }
  .zero-axes line {
    stroke: #bbb;
    stroke-width: 1;
  }
  .note {
    font-size: 11px;
    fill: #8a2d00;
    /* A white halo, so that the axis lines under a note do not cross its letters. */
    paint-order: stroke;
    stroke: #fff;
    stroke-width: 3px;
    stroke-linejoin: round;
  }
  .note.inside {
    fill: #555;
  }
  .locus circle {
    stroke: none;
    opacity: 0.35;
  }
  .eig {
    transition: transform 0.15s ease-out;
  }
  .eig path {
    stroke-width: 1.8;
  }
  @media (prefers-reduced-motion: reduce) {
    .eig {
      transition: none;
    }
  }
  .slider {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0 0 0.5rem;
  }
  .slider input {
    flex: 1;
    min-width: 6rem;
    accent-color: #0072b2;
  }
  .slider output {
    font-variant-numeric: tabular-nums;
    min-width: 3.5rem;
  }
  .legend {
    grid-template-columns: auto minmax(0, 1fr);
  }
  .legend .label {
    white-space: normal;
  }
  .legend .status {
    display: block;
  }
`;
