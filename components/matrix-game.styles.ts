import { css } from 'lit';
import { axisStyles, handleStyles, hostStyles, legendStyles, narrowLegendStyles, toolbarStyles, trajectoryStyles } from './kit/styles.ts';

/** The look of `<saddle-matrix-game>`: a light square or two triangles, strong trajectories, the legend as a grid. */
const own = css`
  svg.chart {
    display: block;
    touch-action: none;
    user-select: none;
    overflow: visible;
  }
  svg.chart:focus,
  .simplex:focus {
    outline: none;
  }
  svg.chart:focus-visible .area,
  .simplex:focus-visible .area {
    stroke: #0072b2;
    stroke-width: 2;
  }
  .area {
    fill: #fcfcfc;
    stroke: #ccc;
  }
  .grid line {
    stroke: #eee;
  }
  .axis-label,
  .vertex {
    font-size: 12.5px;
    fill: #222;
  }
  .equilibrium {
    fill: #fff;
    stroke: #222;
    stroke-width: 1.8;
  }
  .conserved {
    font-variant-numeric: tabular-nums;
  }
`;

export const styles = [hostStyles, toolbarStyles, axisStyles, trajectoryStyles, handleStyles, legendStyles, narrowLegendStyles, own];
