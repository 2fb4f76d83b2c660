/**
 * The phase plot's particle layer: a canvas under the SVG on which a {@link ParticleField} is advanced and drawn
 * once per animation frame, each particle as a segment from where it was to where it is, over the previous frames
 * faded a little (a short trail). The loop runs only while it is worth it: not when `paused`, not under
 * `prefers-reduced-motion: reduce` (then a still picture of short streaks is drawn once), not while the plot is
 * scrolled out of view or the tab is hidden.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Game } from '../src/game.ts';
import type { Domain } from './field-arrows.ts';
import { ParticleField } from './particles.ts';

/** How much of the previous frame survives each new one: the trail's length (≈ 1 / (1 − FADE) frames). */
const FADE = 0.9;
const STROKE = 'rgba(40, 70, 100, 0.55)';
/** Frames drawn for the still picture under reduced motion. */
const STILL_FRAMES = 24;

export class ParticleLayer implements ReactiveController {
  #host: ReactiveControllerHost & HTMLElement;
  #field?: ParticleField;
  #game?: Game;
  #key?: string;
  #canvas?: HTMLCanvasElement;
  #frame = 0;
  #visible = true;
  #paused = false;
  #intersection?: IntersectionObserver;
  #motion?: MediaQueryList;
  #times: number[] = [];
  /**
   * Under reduced motion: whether the canvas lacks the still picture of the current particles, view and canvas size
   * (so that it is drawn once, not again at every render of the plot, which would make the streaks jump).
   */
  #stale = true;
  #size = '';

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Frames per second over the last second of animation (0 when not animating). */
  get fps(): number {
    const t = this.#times;
    if (this.#frame === 0 || t.length < 2) return 0;
    return ((t.length - 1) * 1000) / (t[t.length - 1] - t[0]);
  }

  /** True while the animation loop runs. */
  get running(): boolean {
    return this.#frame !== 0;
  }

  /** The particles being drawn (undefined when the layer is off). */
  get field(): ParticleField | undefined {
    return this.#field;
  }

  hostConnected(): void {
    this.#motion = matchMedia('(prefers-reduced-motion: reduce)');
    this.#motion.addEventListener('change', this.#sync);
    this.#intersection = new IntersectionObserver((entries) => {
      this.#visible = entries.some((e) => e.isIntersecting);
      this.#sync();
    });
    this.#intersection.observe(this.#host);
    document.addEventListener('visibilitychange', this.#sync);
  }

  hostDisconnected(): void {
    this.#stop();
    this.#intersection?.disconnect();
    this.#motion?.removeEventListener('change', this.#sync);
    document.removeEventListener('visibilitychange', this.#sync);
  }

  /**
   * Called after each render: the canvas (undefined: layer off), the game, the view, the count and whether the
   * element is paused. A new game or count makes new particles; a new view moves them.
   */
  configure(canvas: HTMLCanvasElement | undefined, game: Game | undefined, view: Domain, count: number, paused: boolean): void {
    this.#paused = paused;
    if (!canvas || !game || count <= 0) {
      this.#stop();
      this.#field = undefined;
      this.#key = undefined;
      this.#canvas = canvas;
      return;
    }
    const key = `${count}`;
    // A canvas whose size changed was cleared by the browser.
    const size = `${canvas.width}x${canvas.height}`;
    const newCanvas = canvas !== this.#canvas || size !== this.#size;
    this.#canvas = canvas;
    this.#size = size;
    if (!this.#field || key !== this.#key || game !== this.#game) {
      this.#field = new ParticleField(game, view, { count });
      this.#game = game;
      this.#key = key;
      this.#clear();
    } else if (!sameDomain(this.#field.domain, view)) {
      this.#field.domain = view;
      this.#clear();
    } else if (newCanvas) {
      this.#clear();
    }
    this.#sync();
  }

  #clear(): void {
    const c = this.#canvas;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    this.#stale = true;
  }

  #reduced(): boolean {
    return this.#motion?.matches ?? false;
  }

  /** Starts or stops the loop to match the conditions; draws the still picture under reduced motion. */
  #sync = () => {
    const want = !!this.#field && !!this.#canvas && !this.#paused && this.#visible && !document.hidden && !this.#reduced();
    if (want && this.#frame === 0) {
      this.#times = [];
      this.#frame = requestAnimationFrame(this.#tick);
    } else if (!want) {
      this.#stop();
      if (this.#field && this.#canvas && this.#reduced() && this.#stale) this.#still();
    }
  };

  #stop(): void {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  #tick = (time: number) => {
    this.#frame = requestAnimationFrame(this.#tick);
    const t = this.#times;
    t.push(time);
    while (t.length > 2 && time - t[0] > 1000) t.shift();
    this.#advance(FADE);
    this.#stale = true;
  };

  /** One step and one drawn frame: fade what is there, then a segment per particle, as one path. */
  #advance(fade: number): void {
    const field = this.#field;
    const canvas = this.#canvas;
    const ctx = canvas?.getContext('2d');
    if (!field || !canvas || !ctx) return;
    field.step();
    const { xmin, xmax, ymin, ymax } = field.domain;
    const sx = canvas.width / (xmax - xmin);
    const sy = canvas.height / (ymax - ymin);
    ctx.globalCompositeOperation = 'destination-out';
    ctx.fillStyle = `rgba(0, 0, 0, ${1 - fade})`;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.globalCompositeOperation = 'source-over';
    ctx.strokeStyle = STROKE;
    ctx.lineWidth = Math.max(1, canvas.width / canvas.clientWidth || 1);
    ctx.lineCap = 'round';
    ctx.beginPath();
    const { x, y, px, py, reborn, count } = field;
    for (let i = 0; i < count; i++) {
      if (reborn[i]) continue;
      ctx.moveTo((px[i] - xmin) * sx, (ymax - py[i]) * sy);
      ctx.lineTo((x[i] - xmin) * sx + 0.01, (ymax - y[i]) * sy);
    }
    ctx.stroke();
  }

  /** The still picture for reduced motion: a few steps drawn with fading, so each particle is a short streak. */
  #still(): void {
    this.#clear();
    for (let k = 0; k < STILL_FRAMES; k++) this.#advance(FADE);
    this.#stale = false;
  }
}

const sameDomain = (a: Domain, b: Domain) => a.xmin === b.xmin && a.xmax === b.xmax && a.ymin === b.ymin && a.ymax === b.ymax;
