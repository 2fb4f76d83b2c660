import type { Axis, AxisDomain } from 'd3-axis';
import { select } from 'd3-selection';

/**
 * Draws a d3 axis into a `<g>` the template left empty (a missing group is skipped), without the font d3 sets on it:
 * the tick labels take the element's CSS (`.x-axis`, `.y-axis`, `.axis`) and so its page's font.
 */
export function drawAxis<D extends AxisDomain>(g: SVGGElement | null | undefined, axis: Axis<D>): void {
  if (g) select(g).call(axis).attr('font-size', null).attr('font-family', null);
}
