/**
 * Export of what an element drew: the SVG as a standalone file, a PNG of it, its data as CSV or JSON, and the
 * toolbar buttons (PNG · SVG · CSV · JSON) every Saddle element puts next to its plot.
 *
 * An element hands `exportButtons` an {@link ExportSource}: a file name, and three functions that return the SVG,
 * the rows and the data at the moment a person clicks (so the export is what is on screen, not a stale copy).
 */
import { csvFormatRows } from 'd3-dsv';
import { css, html, nothing, type TemplateResult } from 'lit';

/** One table row: column name → value. Numbers are written at full precision (shortest round-trip form). */
export type CsvRow = Readonly<Record<string, string | number>>;

/**
 * The rows as RFC 4180 CSV (d3-dsv's field formatting): the header is the union of the rows' keys in first-seen
 * order, a field holding a comma, a double quote or a line break is quoted with its quotes doubled, a missing key is
 * an empty field, and a number is written as `String(n)` (which parses back to the same double). Lines end in LF.
 * A line that would be blank (one column, empty value) is written `""`, so that a parser does not skip it.
 * No rows: "".
 */
export function toCsv(rows: readonly CsvRow[]): string {
  if (rows.length === 0) return '';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const format = (fields: readonly (string | number)[]) => csvFormatRows([fields.map(String)]) || '""';
  return [format(columns), ...rows.map((r) => format(columns.map((c) => (Object.hasOwn(r, c) ? r[c] : ''))))].join('\n');
}

/**
 * SVG presentation properties copied from the live element's computed style onto the copy, so that the file looks
 * the same without the page's (or the shadow root's) style sheets.
 */
const INLINED = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap',
  'stroke-linejoin', 'opacity', 'font-family', 'font-size', 'font-style', 'font-weight', 'text-anchor',
  'dominant-baseline', 'visibility', 'color', 'paint-order',
] as const;

/** `m` as an SVG `transform` attribute: `translate(e,f)` when it only moves, else `matrix(a,b,c,d,e,f)`. */
function transformAttribute(m: DOMMatrixReadOnly): string {
  if (m.a === 1 && m.b === 0 && m.c === 0 && m.d === 1) return `translate(${m.e},${m.f})`;
  return `matrix(${m.a},${m.b},${m.c},${m.d},${m.e},${m.f})`;
}

const sameMatrix = (p: DOMMatrixReadOnly, q: DOMMatrixReadOnly) =>
  (['a', 'b', 'c', 'd', 'e', 'f'] as const).every((k) => Math.abs(p[k] - q[k]) <= 1e-9 * Math.max(1, Math.abs(p[k]), Math.abs(q[k])));

/**
 * Where CSS moves an SVG element (a `transform` in its `style` or a style sheet, a transition mid-way), the copy gets
 * the same place as a `transform` attribute, which every SVG viewer and vector editor reads. CSS transforms
 * (CSS Transforms 1, §6–7) map a point p to T(o)·M·T(−o)·p, with M the computed `transform` and o the
 * `transform-origin`, measured from the view box's origin or, with `transform-box: fill-box`, from the element's
 * bounding box. Where that equals the element's own `transform` attribute (the usual case) the copy is left as it is.
 */
function inlineTransform(el: SVGGraphicsElement, out: Element, style: CSSStyleDeclaration): void {
  const computed = style.getPropertyValue('transform');
  const m = new DOMMatrix(computed === '' || computed === 'none' ? undefined : computed);
  const [ox, oy] = style.getPropertyValue('transform-origin').split(' ').map((v) => parseFloat(v) || 0);
  let origin = new DOMMatrix([1, 0, 0, 1, ox ?? 0, oy ?? 0]);
  if (style.getPropertyValue('transform-box') === 'fill-box') {
    const box = el.getBBox();
    origin = new DOMMatrix([1, 0, 0, 1, box.x + (ox ?? 0), box.y + (oy ?? 0)]);
  }
  const effective = origin.multiply(m).multiply(origin.inverse());
  const own = el.transform.baseVal.consolidate()?.matrix ?? new DOMMatrix();
  if (sameMatrix(effective, DOMMatrix.fromMatrix(own))) return;
  // A 3D transform (translateZ, a perspective) keeps its 2D part, which is where the element shows on the page.
  if (effective.isIdentity) out.removeAttribute('transform');
  else out.setAttribute('transform', transformAttribute(effective));
}

/**
 * The SVG as a standalone SVG document: the `xmlns` declarations, explicit width, height and viewBox, and every
 * element's computed presentation style inlined ({@link INLINED}), so that it renders the same in a file viewer, an
 * `<img>` or a vector editor. Elements with `display: none` are dropped, as is anything marked `data-export="skip"`
 * (a focus ring, an invisible hit area). `fonts` is CSS put in a `<style>` first in the file (see {@link svgFile}).
 */
export function svgMarkup(svg: SVGSVGElement, options: { fonts?: string } = {}): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const live = [svg, ...svg.querySelectorAll('*')];
  const cloned = [copy, ...copy.querySelectorAll('*')];
  const drop: Element[] = [];
  const parentStyles = new Map<Element, CSSStyleDeclaration>();
  live.forEach((el, i) => {
    const out = cloned[i];
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.getAttribute('data-export') === 'skip') {
      drop.push(out);
      return;
    }
    // Inherited properties are written only where they differ from the parent's (opacity, not inherited, where ≠ 1).
    const parent = i === 0 ? undefined : parentStyles.get(el.parentElement!);
    parentStyles.set(el, style);
    const decl = INLINED.map((p) => [p, style.getPropertyValue(p)] as const)
      .filter(([p, v]) => v !== '' && (p === 'opacity' ? v !== '1' : !parent || parent.getPropertyValue(p) !== v))
      .map(([p, v]) => `${p}:${v}`)
      .join(';');
    if (decl) out.setAttribute('style', decl);
    else out.removeAttribute('style');
    if (i > 0 && el instanceof SVGGraphicsElement) inlineTransform(el, out, style);
    for (const a of ['tabindex', 'role', 'aria-label', 'aria-roledescription', 'aria-hidden', 'class']) out.removeAttribute(a);
  });
  for (const el of drop) el.remove();
  const box = svg.getBoundingClientRect();
  const width = svg.width.baseVal.value || box.width;
  const height = svg.height.baseVal.value || box.height;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  if (!copy.hasAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  copy.style.setProperty('background', '#fff');
  if (options.fonts) {
    const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
    style.textContent = options.fonts;
    copy.prepend(style);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** The font families (lower case, unquoted) that the SVG's elements ask for. */
function usedFamilies(svg: SVGSVGElement): Set<string> {
  const families = new Set<string>();
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    for (const f of getComputedStyle(el).fontFamily.split(',')) families.add(f.trim().replace(/^["']|["']$/g, '').toLowerCase());
  }
  return families;
}

/** Every `@font-face` rule of the document's style sheets (in `@media`, `@supports`, `@import`ed sheets too), with its sheet's address. */
function fontFaceRules(): { rule: CSSFontFaceRule; base: string }[] {
  const found: { rule: CSSFontFaceRule; base: string }[] = [];
  const walk = (rules: CSSRuleList, base: string) => {
    for (const rule of rules) {
      if (rule instanceof CSSFontFaceRule) found.push({ rule, base });
      else if (rule instanceof CSSImportRule && rule.styleSheet) sheet(rule.styleSheet);
      else if ('cssRules' in rule) walk((rule as CSSGroupingRule).cssRules, base);
    }
  };
  const sheet = (s: CSSStyleSheet) => {
    let rules: CSSRuleList;
    try {
      rules = s.cssRules;
    } catch {
      return; // a style sheet from another origin cannot be read
    }
    walk(rules, s.href ?? document.baseURI);
  };
  for (const s of [...document.styleSheets, ...document.adoptedStyleSheets]) sheet(s);
  return found;
}

/** The file at `url` as a data: URL. */
async function dataUrl(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const blob = await response.blob();
  return await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error(`${url} could not be read`));
    reader.readAsDataURL(blob);
  });
}

/**
 * The page's web fonts that the SVG uses, as `@font-face` rules whose font files are inlined as data: URLs. An SVG
 * drawn as an image (the PNG export) or opened as a file cannot load the page's font files, so without these its text
 * falls back to the viewer's default font (a serif) wherever the page's font is a web font. Fonts installed on the
 * system need nothing. A font file that cannot be fetched (another origin without CORS) is left out.
 */
export async function fontFaces(svg: SVGSVGElement): Promise<string> {
  const families = usedFamilies(svg);
  const rules = fontFaceRules().filter(({ rule }) => families.has(rule.style.getPropertyValue('font-family').trim().replace(/^["']|["']$/g, '').toLowerCase()));
  const inlined = await Promise.all(
    rules.map(async ({ rule, base }) => {
      const urls = [...rule.cssText.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)/g)];
      let text = rule.cssText;
      try {
        for (const [whole, , url] of urls) {
          if (url.startsWith('data:')) continue;
          text = text.replace(whole, `url("${await dataUrl(new URL(url, base).href)}")`);
        }
      } catch {
        return '';
      }
      return text;
    }),
  );
  return inlined.filter((t) => t !== '').join('\n');
}

/** The SVG file an export saves: {@link svgMarkup} with the page's web fonts it uses ({@link fontFaces}) inside. */
export async function svgFile(svg: SVGSVGElement): Promise<string> {
  return svgMarkup(svg, { fonts: await fontFaces(svg) });
}

/** Saves a blob under `name` through a temporary `<a download>` (the browser's own save flow). */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function downloadSvg(svg: SVGSVGElement, name: string): Promise<void> {
  download(name, new Blob([await svgFile(svg)], { type: 'image/svg+xml' }));
}

/**
 * The SVG drawn on a canvas at `scale` device pixels per CSS pixel, on white, saved as PNG. `under` are canvases
 * drawn first at their on-screen offset from the SVG (a particle layer under the plot).
 */
export async function pngBlob(svg: SVGSVGElement, scale = 2, under: readonly HTMLCanvasElement[] = []): Promise<Blob> {
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const markup = await svgFile(svg);
  const box = svg.getBoundingClientRect();
  const width = svg.width.baseVal.value || box.width;
  const height = svg.height.baseVal.value || box.height;
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be drawn as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    for (const c of under) {
      const r = c.getBoundingClientRect();
      ctx.drawImage(c, r.left - box.left, r.top - box.top, r.width, r.height);
    }
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function downloadPng(svg: SVGSVGElement, name: string, scale = 2, under: readonly HTMLCanvasElement[] = []): Promise<void> {
  download(name, await pngBlob(svg, scale, under));
}

export function downloadCsv(rows: readonly CsvRow[], name: string): void {
  download(name, new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
}

/** JSON with two-space indentation; non-finite numbers (which JSON cannot hold) become the strings "Infinity", "NaN". */
export function downloadJson(data: unknown, name: string): void {
  const text = JSON.stringify(data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
  download(name, new Blob([text], { type: 'application/json' }));
}

/** What an element offers for export, read when a person clicks. */
export interface ExportSource {
  /** The file name without extension: `phase-plot`. */
  readonly name: string;
  /** The plot's SVG (absent: no PNG or SVG button). */
  svg?(): SVGSVGElement | null | undefined;
  /** Canvas layers under the SVG, drawn into the PNG. */
  canvases?(): readonly HTMLCanvasElement[];
  /** The data as a table (absent: no CSV button). */
  rows?(): readonly CsvRow[];
  /** The data as JSON (absent: no JSON button). */
  data?(): unknown;
}

/**
 * The export toolbar as a lit template: a labelled group of real `<button>`s (keyboard-reachable by Tab, Enter and
 * Space), each with an ARIA label naming what it saves. Put {@link exportStyles} in the element's styles.
 */
export function exportButtons(source: ExportSource): TemplateResult {
  const svg = () => source.svg?.() ?? undefined;
  const png = async (e: Event) => {
    const el = svg();
    if (!el) return;
    const button = e.currentTarget as HTMLButtonElement;
    button.disabled = true;
    try {
      await downloadPng(el, `${source.name}.png`, 2, source.canvases?.() ?? []);
    } finally {
      button.disabled = false;
    }
  };
  return html`<span class="export" role="group" aria-label="Export">
    ${source.svg
      ? html`<button type="button" aria-label="Save the plot as a PNG image" title="PNG image" @click=${png}>PNG</button>
          <button type="button" aria-label="Save the plot as an SVG file" title="SVG vector file" @click=${() => { const el = svg(); if (el) void downloadSvg(el, `${source.name}.svg`); }}>SVG</button>`
      : nothing}
    ${source.rows ? html`<button type="button" aria-label="Save the data as CSV" title="CSV table" @click=${() => downloadCsv(source.rows!(), `${source.name}.csv`)}>CSV</button>` : nothing}
    ${source.data ? html`<button type="button" aria-label="Save the data as JSON" title="JSON data" @click=${() => downloadJson(source.data!(), `${source.name}.json`)}>JSON</button>` : nothing}
  </span>`;
}

/** The declarations of a small quiet button (the export buttons, a plot's toggles), to put inside a rule. */
export const quietButton = css`
  font: inherit;
  font-size: 0.75rem;
  padding: 0.1rem 0.45rem;
  border: 1px solid #ccc;
  border-radius: 3px;
  background: #fff;
  color: #333;
  cursor: pointer;
`;

/** The look of the export buttons: small, quiet, one row. */
export const exportStyles = css`
  .export {
    display: inline-flex;
    gap: 0.25rem;
  }
  .export button {
    ${quietButton}
  }
  .export button:hover {
    border-color: #0072b2;
    color: #0072b2;
  }
  .export button:focus-visible {
    outline: 2px solid #0072b2;
    outline-offset: 1px;
  }
  .export button:disabled {
    opacity: 0.5;
    cursor: progress;
  }
`;
