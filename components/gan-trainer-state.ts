/**
 * The `<saddle-gan-trainer>` element's settings: its attributes read into a GAN configuration (gan/config.ts's
 * input shape; the engine validates it when it loads) plus the element's own settings (views, speed, refresh,
 * backend order), and the link that shares them.
 *
 * A share link carries the settings in the URL's hash as `gan` (or `gan-<id>` for an element with an id, so two
 * trainers on one page keep their own): `#gan=<JSON>`, a parameter of URLSearchParams. Every field is one the
 * attributes also set, so a link reproduces the experiment: same configuration and seed, same numbers on the same
 * backend. No tfjs here: this module is part of the eager bundle.
 */
import { InputError, show } from '../src/errors.ts';
import { perPlayerOptimizers } from '../src/optim/index.ts';

/** Okabe–Ito colours of the GAN pictures (gan-trainer-draw.ts, the legends). */
export const COLOURS = {
  real: '#000000',
  fake: '#D55E00',
  dReal: '#56B4E9',
  dFake: '#E69F00',
  contour: '#0072B2',
  arrowG: '#CC79A7',
  arrowD: '#0072B2',
  manifold: '#777777',
};

/** The views that can be switched on and off. */
export const VIEWS = ['real', 'fake', 'heat', 'manifold', 'arrows-g', 'arrows-d'] as const;
export type ViewName = (typeof VIEWS)[number];
export const VIEW_LABELS: Record<ViewName, string> = {
  real: 'real samples',
  fake: 'fake samples',
  heat: 'D heatmap',
  manifold: 'G manifold',
  'arrows-g': 'G gradients',
  'arrows-d': 'D gradients',
};

/** Choices the controls offer (the engine accepts more through the `config` attribute). */
export const CHOICES = {
  data: ['ring8', 'grid25', 'spiral', 'two-moons', 'line', 'points'],
  loss: ['nsgan', 'gan', 'wgan-gp', 'wgan-clip', 'hinge', 'lsgan', 'wgan'],
  regularizer: ['none', 'r1', 'r2', 'instance-noise'],
  optimizer: ['adam', 'simgda', 'altgda', 'eg', 'ogda', 'momentum', 'consensus', 'unrolled'],
  prior: ['gaussian', 'uniform'],
  speed: ['1', '2', '5', '10', '20', '50', 'max'],
  refresh: ['0', '100', '250', '500', '1000', '2000'],
} as const;

/** The attributes the trainer reads (all strings, as attributes are). */
export interface TrainerAttributes {
  config?: string | null;
  data?: string | null;
  points?: string | null;
  loss?: string | null;
  regularizer?: string | null;
  optimizer?: string | null;
  lr?: string | null;
  kd?: string | null;
  batch?: string | null;
  prior?: string | null;
  layers?: string | null;
  seed?: string | null;
  views?: string | null;
  speed?: string | null;
  refresh?: string | null;
  backend?: string | null;
}

export interface TrainerSettings {
  /** The configuration for gan/config.ts (validated by the engine). */
  config: Record<string, unknown>;
  views: Set<ViewName>;
  /** Steps per animation frame, or Infinity for as many as the frame's time budget allows. */
  speed: number;
  /** Milliseconds between picture refreshes (0: every frame). */
  refresh: number;
  /** Backends to try, in order. */
  backend: string[];
}

const number = (where: string, v: string, ok: (x: number) => boolean, what: string): number => {
  const x = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new InputError(`attribute ${where}`, `expected ${what}, got ${show(v)}`);
  return x;
};

/** Reads the attributes; a malformed one is an InputError naming it (the engine checks the rest). */
export function readTrainerAttributes(a: TrainerAttributes): TrainerSettings {
  let config: Record<string, unknown> = {};
  if (a.config) {
    try {
      config = JSON.parse(a.config) as Record<string, unknown>;
    } catch (e) {
      throw new InputError('attribute config', `is not JSON: ${(e as Error).message}`);
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) throw new InputError('attribute config', `expected a JSON object, got ${show(config)}`);
    config = { ...config };
  }
  if (a.data) {
    if (a.data === 'points') {
      let pts: unknown;
      try {
        pts = JSON.parse(a.points || '[]');
      } catch (e) {
        throw new InputError('attribute points', `is not JSON: ${(e as Error).message}`);
      }
      config.dataset = { name: 'points', points: pts, jitter: 0.02 };
    } else config.dataset = a.data;
  }
  if (a.loss) config.loss = a.loss;
  if (a.regularizer) config.regularizer = a.regularizer;
  if (a.optimizer) {
    const names = a.optimizer.split(',').map((s) => s.trim());
    if (names.length > 2 || names.some((n) => n === '')) {
      throw new InputError('attribute optimizer', `expected one optimizer or two (generator, discriminator), e.g. "adam" or "adam,simgda", got ${show(a.optimizer)}`);
    }
    config.optimizer = names.join(',');
  }
  if (a.lr) {
    const parts = a.lr.split(',').map((s) => number('lr', s, (x) => x > 0, 'one positive learning rate or two (generator, discriminator)'));
    if (parts.length > 2) throw new InputError('attribute lr', `expected one or two learning rates, got ${parts.length}`);
    config.lr = parts.length === 1 ? parts[0] : parts;
  }
  if (a.kd) config.kd = number('kd', a.kd, (x) => Number.isInteger(x) && x >= 1 && x <= 100, 'an integer from 1 to 100');
  if (a.batch) config.batch = number('batch', a.batch, (x) => Number.isInteger(x) && x >= 1 && x <= 65536, 'an integer from 1 to 65536');
  if (a.seed) config.seed = number('seed', a.seed, (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer');
  if (a.prior) config.latent = { ...((config.latent as object) ?? {}), prior: a.prior };
  if (a.layers) {
    const hidden = a.layers.split(',').map((s) => number('layers', s, (x) => Number.isInteger(x) && x >= 1 && x <= 4096, 'comma-separated layer widths from 1 to 4096'));
    config.generator = { ...((config.generator as object) ?? {}), hidden };
    config.discriminator = { ...((config.discriminator as object) ?? {}), hidden };
  }
  const views = new Set<ViewName>();
  for (const v of (a.views ?? 'real,fake,heat,manifold,arrows-g').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(VIEWS as readonly string[]).includes(v)) throw new InputError('attribute views', `unknown view ${show(v)} (known: ${VIEWS.join(', ')})`);
    views.add(v as ViewName);
  }
  const speed = !a.speed || a.speed === 'max' ? Infinity : number('speed', a.speed, (x) => Number.isInteger(x) && x >= 1, 'steps per frame (a positive integer) or max');
  const refresh = a.refresh ? number('refresh', a.refresh, (x) => x >= 0, 'milliseconds ≥ 0') : 250;
  const backend = (a.backend ?? 'webgl,wasm,cpu').split(',').map((s) => s.trim()).filter(Boolean);
  return { config, views, speed, refresh, backend };
}

/** The optimizer attribute's two players, generator then discriminator (`adam` is adam for both). */
export function optimizerPair(attribute: string | null | undefined): [string, string] {
  const [g, d] = (attribute || 'adam').split(',').map((s) => s.trim());
  return [g, d ?? g];
}

/**
 * The optimizer attribute after the person picks `name` for player `which` (0 the generator, 1 the discriminator):
 * `G,D`, or one name when both are the same. The per-player rules (simgda, altgda, ogda, momentum, adam) mix; a
 * method on the joint game (eg, consensus, unrolled) cannot be one player's rule, so picking one, or picking a rule
 * beside one, sets both players to the pick.
 */
export function pickOptimizer(attribute: string | null | undefined, which: 0 | 1, name: string): string {
  const pair = optimizerPair(attribute);
  pair[which] = name;
  if (!pair.every((n) => perPlayerOptimizers.includes(n))) pair[1 - which] = name;
  return pair[0] === pair[1] ? pair[0] : pair.join(',');
}

/** The hash parameter of an element (its id keeps two trainers apart). */
export const hashKey = (id: string) => (id ? `gan-${id}` : 'gan');

/** The attributes a share link sets: those that differ from nothing, as one JSON object. */
export function shareLink(location: string, id: string, attributes: TrainerAttributes): string {
  const url = new URL(location);
  const params = new URLSearchParams(url.hash.slice(1));
  const kept = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null && v !== undefined && v !== ''));
  params.set(hashKey(id), JSON.stringify(kept));
  url.hash = params.toString();
  return url.toString();
}

/** The attributes a page's URL carries for this element, if any; bad JSON is an InputError. */
export function attributesFromUrl(location: string, id: string): TrainerAttributes | undefined {
  const raw = new URLSearchParams(new URL(location).hash.slice(1)).get(hashKey(id));
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new InputError(`the link's ${hashKey(id)}`, `is not JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(`the link's ${hashKey(id)}`, `expected an object of attributes, got ${show(parsed)}`);
  const out: TrainerAttributes = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' && ATTRIBUTE_NAMES.includes(k as keyof TrainerAttributes)) out[k as keyof TrainerAttributes] = v;
  return out;
}

export const ATTRIBUTE_NAMES: readonly (keyof TrainerAttributes)[] = ['config', 'data', 'points', 'loss', 'regularizer', 'optimizer', 'lr', 'kd', 'batch', 'prior', 'layers', 'seed', 'views', 'speed', 'refresh', 'backend'];
