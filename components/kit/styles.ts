/**
 * The look every Saddle element shares, so that a course page with several of them reads as one: the host's type,
 * the toolbar over a plot, axes, the start handle, and the legend (a swatch, a name, a status per run, as a grid).
 * Each element adds its own sheet after these for what only it draws.
 */
import { css } from 'lit';

/** A block that fills its container's width, in the page's font at a slightly smaller size. */
export const hostStyles = css`
  :host {
    display: block;
    font-size: 0.875rem;
    color: #222;
  }
`;

/** The line over a plot: its caption on the left, the export buttons on the right (wrapping under when narrow). */
export const toolbarStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    justify-content: space-between;
    margin-bottom: 0.35rem;
  }
  .caption {
    color: #444;
  }
`;

/**
 * A plot's SVG (role="application" when it takes the pointer and keys): no scrolling or text selection under a drag,
 * the focus ring on its `.background` rectangle, the axis titles in italics.
 */
export const plotStyles = css`
  svg[role='application'] {
    display: block;
    position: relative;
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
  .axis-label {
    font-size: 14px;
    font-style: italic;
    fill: #222;
  }
`;

/** The tick labels d3-axis draws (kit/axis.ts drawAxis leaves their font to this). */
export const axisStyles = css`
  .axis,
  .x-axis,
  .y-axis {
    font-size: 11px;
    color: #666;
  }
`;

/**
 * A field drawn as arrows (field-arrows.ts arrowPath; their grey set per arrow) under trajectories: each a polyline
 * with dots at some iterates and its last point ringed in white.
 */
export const trajectoryStyles = css`
  .arrows path {
    fill: none;
    stroke-width: 1.1;
    stroke-linecap: round;
  }
  .trajectory .line {
    fill: none;
    stroke-linejoin: round;
  }
  .trajectory .dots {
    stroke: none;
    opacity: 0.7;
  }
  .trajectory .end {
    stroke: #fff;
    stroke-width: 1.5;
  }
`;

/** The start point a person drags: a white ring with a dot, and a wider invisible circle to grab. */
export const handleStyles = css`
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
`;

/**
 * The legend: a grid of swatch · name · status, one run a row (each `<li>` is `display: contents`); an `<li
 * class="wide">` spans the whole width. A good ending (converged, stable) is green, a bad one (diverged, stopped,
 * unstable) red-brown, both Okabe–Ito-safe and readable as text.
 */
export const legendStyles = css`
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
  .legend .wide {
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
  .status.converged,
  .status.stable {
    color: #00734f;
  }
  .status.diverged,
  .status.stopped,
  .status.unstable {
    color: #a33a00;
  }
`;

/**
 * With {@link legendStyles}, for an element whose legend has three columns: below 520 px of the element's own width
 * (a phone, a sidebar; a container query, not the page's width) each run's status goes under its name, which leaves
 * it the whole width instead of a clipped column.
 */
export const narrowLegendStyles = css`
  :host {
    container-type: inline-size;
  }
  @container (max-width: 520px) {
    .legend {
      grid-template-columns: auto minmax(0, 1fr);
      row-gap: 0;
    }
    .label {
      white-space: normal;
    }
    .status {
      grid-column: 2;
      margin-bottom: 0.3rem;
    }
  }
`;
