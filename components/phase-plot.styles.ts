import { css } from 'lit';
import { axisStyles, handleStyles, hostStyles, legendStyles, narrowLegendStyles, plotStyles, trajectoryStyles } from './kit/styles.ts';

/** The look of `<saddle-phase-plot>`: light field, strong trajectories, the legend as a three-column grid. */
const own = css`
  g.area {
    cursor: move;
  }
  .plot-box {
    position: relative;
  }
  canvas.particles {
    position: absolute;
    background: #fcfcfc;
    pointer-events: none;
  }
  .background.see-through {
    fill: transparent;
  }
  .arrows.faint {
    opacity: 0.45;
  }
  .streamlines .stream {
    fill: none;
    stroke: #9aa3ab;
    stroke-width: 1;
  }
  .streamlines .stream-head {
    fill: none;
    stroke: #7b858f;
    stroke-width: 1.1;
    stroke-linejoin: round;
  }
  .equilibria .eq-filled {
    fill: #222;
  }
  .equilibria .eq-open {
    fill: #fff;
    stroke: #222;
    stroke-width: 1.6;
  }
  .equilibria .eq-cross {
    fill: none;
    stroke: #222;
    stroke-width: 2;
  }
  .eq-line {
    stroke: #222;
    stroke-width: 1.5;
    stroke-dasharray: 5 3;
  }
  .legend .note {
    color: #777;
  }
  .nonfinite {
    fill: #999;
  }
  /* "converged at step 12," and "‖z‖ = 0.01" each stay on one line; the status wraps between them. */
  .status span {
    white-space: nowrap;
  }
`;

export const styles = [hostStyles, plotStyles, axisStyles, trajectoryStyles, handleStyles, legendStyles, narrowLegendStyles, own];
