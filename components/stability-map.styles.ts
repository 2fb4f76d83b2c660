import { css } from 'lit';

/**
 * The look of `<saddle-stability-map>` beyond the kit's (kit/styles.ts): the heatmap image (crisp cells), the ρ = 1 line in
 * white on a dark halo, the picked cell, the followed plot's ring, the progress counter and the tooltip.
 */
export const styles = css`
  :host {
    position: relative;
  }
  svg[role='application'] {
    cursor: crosshair;
  }
  svg[role='application']:focus-visible .frame {
    stroke: #0072b2;
    stroke-width: 2;
  }
  .frame {
    fill: none;
    stroke: #bbb;
  }
  image {
    image-rendering: pixelated;
  }
  .contour {
    fill: none;
    stroke: #fff;
    stroke-width: 2.2;
  }
  .contour-halo {
    fill: none;
    stroke: #000;
    stroke-width: 4;
    stroke-opacity: 0.55;
  }
  .picked {
    fill: none;
    stroke: #fff;
    stroke-width: 1.5;
  }
  .picked-halo {
    fill: none;
    stroke: #000;
    stroke-width: 3;
  }
  /* The followed phase plot's settings: a ring with a cross, white on a black halo, over any colour of viridis. */
  .followed-line {
    fill: none;
    stroke: #fff;
    stroke-width: 1.75;
  }
  .followed-halo {
    fill: none;
    stroke: #000;
    stroke-width: 4;
  }
  .followed-note {
    margin: 0.25rem 0 0;
    font-size: 0.9em;
  }
  .bar-one {
    stroke: #000;
    stroke-width: 1.5;
  }
  .bar-axis {
    font-size: 11px;
  }
  .progress {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0.35rem 0 0;
    color: #333;
    font-variant-numeric: tabular-nums;
  }
  .progress progress {
    width: 8rem;
  }
  .tooltip {
    position: absolute;
    pointer-events: none;
    background: rgba(255, 255, 255, 0.95);
    border: 1px solid #bbb;
    border-radius: 3px;
    padding: 0.15rem 0.4rem;
    font-size: 0.8rem;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
`;
