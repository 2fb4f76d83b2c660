/**
 * Small line charts of a GAN session's history (losses, gradient norms, modes), as lit SVG templates: d3-scale for
 * the axes, d3-shape for the lines. A series with values ≤ 0 on a log axis, or non-finite values, is cut there.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { html, svg, type TemplateResult } from 'lit';

export interface Series {
  label: string;
  colour: string;
  values: readonly (readonly [number, number])[];
}

const fmt = (v: number) => (v !== 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4) ? v.toExponential(1) : String(Number(v.toPrecision(3))));

/** A chart `width` × `height` pixels of the series over the step axis; `log` for a logarithmic y axis. */
export function lineChart(title: string, series: readonly Series[], width: number, height: number, log = false): TemplateResult {
  const m = { top: 18, right: 8, bottom: 18, left: 44 };
  const w = Math.max(60, width - m.left - m.right);
  const h = Math.max(30, height - m.top - m.bottom);
  const ok = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const all = series.flatMap((s) => s.values.filter((p) => ok(p[1])));
  const steps = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x = scaleLinear([Math.min(0, ...steps), Math.max(1, ...steps)], [0, w]);
  const lo = ys.length ? Math.min(...ys) : log ? 0.1 : 0;
  const hi = ys.length ? Math.max(...ys) : 1;
  const y = (log ? scaleLog([lo, hi === lo ? lo * 10 : hi], [h, 0]) : scaleLinear([Math.min(0, lo), hi === lo ? lo + 1 : hi], [h, 0])).nice();
  const path = line<readonly [number, number]>((p) => x(p[0]), (p) => y(p[1])).defined((p) => ok(p[1]));
  // A log axis labels its powers of ten only (or its ends, when it spans less than a decade).
  const decades = y.ticks(3).filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  const ticks = log ? (decades.length >= 2 ? decades : y.domain()) : y.ticks(3);
  return html`<figure class="chart">
    <svg width=${w + m.left + m.right} height=${h + m.top + m.bottom} role="img" aria-label=${`${title}: ${series.map((s) => `${s.label} ${s.values.length ? fmt(s.values[s.values.length - 1][1]) : 'none yet'}`).join(', ')}`}>
      <text class="chart-title" x=${m.left} y="11">${title}</text>
      <g transform="translate(${m.left},${m.top})">
        ${ticks.map((t) => svg`<line class="grid" x1="0" x2=${w} y1=${y(t)} y2=${y(t)}></line><text class="tick" x="-4" y=${y(t) + 3} text-anchor="end">${fmt(t)}</text>`)}
        <text class="tick" x="0" y=${h + 13}>${fmt(x.domain()[0])}</text>
        <text class="tick" x=${w} y=${h + 13} text-anchor="end">step ${fmt(x.domain()[1])}</text>
        ${series.map((s) => svg`<path d=${path(s.values) ?? ''} fill="none" stroke=${s.colour} stroke-width="1.5"></path>`)}
      </g>
      <g transform="translate(${m.left + w},11)">
        ${series.map((s, k) => svg`<text class="key" x="0" y="0" dx=${-k * 70} text-anchor="end" fill=${s.colour}>${s.label}</text>`)}
      </g>
    </svg>
  </figure>`;
}
