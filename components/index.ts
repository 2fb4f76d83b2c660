/**
 * The embed bundle's entry (`npm run build` → dist/saddle.js): importing it registers every Saddle element, so a
 * page needs one `<script type="module" src=".../saddle.js">` and the tags. Heavy parts (mathjs for `game="expr"`)
 * stay dynamic imports and load only when a page uses them.
 */
export { PhasePlot } from './phase-plot.ts';
