/**
 * The embed bundle's entry (`npm run build` → dist/saddle.js). A page needs one
 * `<script type="module" src=".../saddle.js">` and the tags: this module watches the page and loads each element's
 * code the first time its tag appears (now or later, by a script), so a page with one phase plot downloads the phase
 * plot and nothing of the GAN trainer, tfjs, mathjs or the analysis views. Inside an element, heavy parts (mathjs for
 * `game="expr"`, tfjs for the GAN elements, ml-matrix for equilibria and spectra) are further dynamic imports.
 *
 * Scripts that make elements before they are in the page call {@link load} (or `customElements.whenDefined`) first.
 */
export { downloadCsv, downloadJson, downloadPng, downloadSvg, follow, FollowController, fontFaces, readUrlState, svgFile, svgMarkup, toCsv, writeUrlState, type RunSnapshot } from './kit/index.ts';
export type { PhasePlot } from './phase-plot.ts';
export type { DivergencePlot } from './divergence-plot.ts';
export type { MatrixGame } from './matrix-game.ts';
export type { GanTrainerElement } from './gan-trainer.ts';
export type { Gan1d } from './gan-1d.ts';
export type { GanImages } from './gan-images.ts';
export type { NormPlot } from './norm-plot.ts';
export type { SpectrumPlot } from './spectrum-plot.ts';
export type { StabilityMap } from './stability-map.ts';

/** Every element, by tag, and the import that defines it. */
export const elements = {
  'saddle-phase-plot': () => import('./phase-plot.ts'),
  'saddle-norm-plot': () => import('./norm-plot.ts'),
  'saddle-spectrum-plot': () => import('./spectrum-plot.ts'),
  'saddle-stability-map': () => import('./stability-map.ts'),
  'saddle-divergence-plot': () => import('./divergence-plot.ts'),
  'saddle-matrix-game': () => import('./matrix-game.ts'),
  'saddle-gan-trainer': () => import('./gan-trainer.ts'),
  'saddle-gan-1d': () => import('./gan-1d.ts'),
  'saddle-gan-images': () => import('./gan-images.ts'),
} as const satisfies Record<string, () => Promise<unknown>>;

export type ElementTag = keyof typeof elements;
const tags = Object.keys(elements) as ElementTag[];
const loading = new Map<ElementTag, Promise<CustomElementConstructor>>();

/** Loads and defines the element `tag` (once); resolves to its class. An unknown tag is a TypeError naming the known ones. */
export function load(tag: ElementTag): Promise<CustomElementConstructor> {
  if (!Object.hasOwn(elements, tag)) return Promise.reject(new TypeError(`unknown Saddle element <${tag}> (known: ${tags.join(', ')})`));
  let done = loading.get(tag);
  if (!done) {
    done = elements[tag]().then(() => customElements.whenDefined(tag));
    // A failed download is reported once, in the console, with the tag that needed it; a later load() retries.
    done.catch((e: unknown) => {
      loading.delete(tag);
      console.error(`Saddle could not load <${tag}>:`, e);
    });
    loading.set(tag, done);
  }
  return done;
}

/** Loads every element used in `root` (the element itself and its descendants). */
function loadUsed(root: ParentNode & Node): void {
  for (const tag of tags) {
    if (loading.has(tag)) continue;
    const self = root instanceof Element && root.localName === tag;
    // Already reported by load(); nothing else to do here.
    if (self || root.querySelector(tag)) load(tag).catch(() => undefined);
  }
}

if (typeof document !== 'undefined') {
  loadUsed(document);
  new MutationObserver((records) => {
    for (const r of records) for (const node of r.addedNodes) if (node instanceof Element) loadUsed(node);
  }).observe(document.documentElement, { childList: true, subtree: true });
}
