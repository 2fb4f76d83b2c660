/**
 * The gallery page (index.html): it registers the components it shows. The prose lives in the page; every figure
 * is a component configured by its attributes, so a figure can be copied into another page as it is.
 */
import './phase-plot.ts';
