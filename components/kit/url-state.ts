/**
 * Opt-in URL state (TensorFlow Playground's idea, per element): an element with the boolean attribute `url-state` and
 * an `id` takes its attributes from the page URL when it connects, and writes them back when a person changes
 * something, so that a link reproduces what was set up.
 *
 * The state lives in the URL's fragment as `&`-separated `key=value` pairs, the key being `<element id>.<attribute>`:
 *   https://example.org/lesson.html#plot1.init=0.5,-1&plot1.optimizers=simgda,eg
 * Values are percent-encoded except for the characters that are safe in a fragment and common in our values
 * (`, : / @ !`), so the link stays readable. A fragment that starts with a plain anchor (`#section-2&plot1.lr=0.1`)
 * keeps its anchor. `history.replaceState` writes it: no new history entry per drag.
 */

/** A fragment split into its leading anchor (may be "") and its key → value pairs, in order. */
export interface UrlState {
  readonly anchor: string;
  readonly values: ReadonlyMap<string, string>;
}

const SAFE = { '%2C': ',', '%3A': ':', '%2F': '/', '%40': '@', '%21': '!' } as Record<string, string>;

/** A key or value for the fragment: encodeURIComponent (so `&`, `=`, `#`, `%`, `+`, spaces are escaped), with `,:/@!` kept. */
export function encodePart(s: string): string {
  return encodeURIComponent(s).replace(/%(2C|3A|2F|40|21)/g, (m) => SAFE[m]);
}

function decodePart(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a stray "%" typed by hand: keep it as written
  }
}

/**
 * Parses a fragment (with or without its `#`). The first piece is the anchor when it holds no `=`; every other
 * piece without `=` is a key with the empty value. A key given twice keeps its last value.
 */
export function parseUrlState(hash: string): UrlState {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const pieces = text === '' ? [] : text.split('&');
  let anchor = '';
  if (pieces.length > 0 && !pieces[0].includes('=')) anchor = decodePart(pieces.shift()!);
  const values = new Map<string, string>();
  for (const piece of pieces) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = decodePart(eq < 0 ? piece : piece.slice(0, eq));
    const value = eq < 0 ? '' : decodePart(piece.slice(eq + 1));
    values.delete(key); // re-insert so that the order is that of the last occurrence
    values.set(key, value);
  }
  return { anchor, values };
}

/** The fragment for a state, without the `#` ("" for no anchor and no values). Inverse of {@link parseUrlState}. */
export function formatUrlState(state: UrlState): string {
  const pairs = [...state.values].map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`);
  // An anchor holding "=" or "&" would read back as a pair: it is escaped like any value.
  return [...(state.anchor ? [encodePart(state.anchor)] : []), ...pairs].join('&');
}

/** The attributes `names` of element `id` found in a fragment: only those present. */
export function stateFor(state: UrlState, id: string, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = state.values.get(`${id}.${name}`);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** The state with element `id`'s attributes set (a value null or undefined removes the key). */
export function withValues(state: UrlState, id: string, values: Readonly<Record<string, string | null | undefined>>): UrlState {
  const next = new Map(state.values);
  for (const [name, v] of Object.entries(values)) {
    if (v == null) next.delete(`${id}.${name}`);
    else next.set(`${id}.${name}`, v);
  }
  return { anchor: state.anchor, values: next };
}

/** Element `id`'s attributes among `names` in the page's current URL. */
export function readUrlState(id: string, names: readonly string[]): Record<string, string> {
  return stateFor(parseUrlState(location.hash), id, names);
}

/** Writes element `id`'s attributes into the page URL's fragment (history.replaceState; other keys are kept). */
export function writeUrlState(id: string, values: Readonly<Record<string, string | null | undefined>>): void {
  const before = location.hash.replace(/^#/, '');
  const after = formatUrlState(withValues(parseUrlState(before), id, values));
  if (after === before) return;
  const url = new URL(location.href);
  url.hash = after;
  history.replaceState(history.state, '', after === '' ? url.pathname + url.search : url.href);
}

/** True when the element opted in: the `url-state` attribute and a non-empty id. */
export const urlStateOn = (host: HTMLElement): boolean => host.hasAttribute('url-state') && host.id !== '';

/** At connect: sets the host's attributes `names` from the URL, when it opted in. Returns the names it set. */
export function applyUrlState(host: HTMLElement, names: readonly string[]): string[] {
  if (!urlStateOn(host)) return [];
  const values = readUrlState(host.id, names);
  for (const [name, v] of Object.entries(values)) host.setAttribute(name, v);
  return Object.keys(values);
}

/** After a person changed something: writes the host's current attributes `names` into the URL, when it opted in. */
export function saveUrlState(host: HTMLElement, names: readonly string[]): void {
  if (!urlStateOn(host)) return;
  writeUrlState(host.id, Object.fromEntries(names.map((n) => [n, host.getAttribute(n)])));
}
