/// <reference lib="dom" />
import { h, svg, uid } from './dom';

export interface Series {
  name: string;
  /** [time in ms, value] */
  points: Array<[number, number]>;
}

export interface ChartOptions {
  title: string;
  description: string;
  series: Series[];
  from: number;
  to: number;
  format: (value: number) => string;
}

const W = 720;
const H = 220;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };
// Colour plus dash pattern: lines stay apart for colour-blind readers and in grey print.
const STYLES = [
  { color: '#1f5fbf', dash: '' },
  { color: '#b3420e', dash: '6 3' },
  { color: '#2e7d32', dash: '2 3' },
  { color: '#6a3fa0', dash: '10 3 2 3' },
  { color: '#8a6d00', dash: '4 4' },
  { color: '#00707a', dash: '1 2' },
];

/** An inline SVG line chart with a title and description for assistive technology and an HTML legend. */
export function lineChart(options: ChartOptions): HTMLElement {
  const { from, to } = options;
  const max = niceCeiling(Math.max(0, ...options.series.flatMap((s) => s.points.map(([, v]) => v))));
  const x = (t: number) => PAD.left + ((t - from) / Math.max(1, to - from)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  const grid = [0, 0.5, 1].map((f) =>
    svg(
      'g',
      { className: 'grid' },
      svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(max * f), y2: y(max * f) }),
      svg('text', { x: PAD.left - 6, y: y(max * f) + 4, 'text-anchor': 'end' }, options.format(max * f)),
    ),
  );
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) =>
    svg(
      'text',
      {
        x: x(from + f * (to - from)),
        y: H - 8,
        'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle',
      },
      f === 1 ? 'now' : `−${ago((1 - f) * (to - from))}`,
    ),
  );
  const lines = options.series.map((s, i) => {
    const style = STYLES[i % STYLES.length] ?? { color: '#000', dash: '' };
    const [only] = s.points;
    if (s.points.length === 1 && only)
      return svg('circle', {
        cx: x(only[0]),
        cy: y(only[1]),
        r: 3,
        fill: style.color,
        'data-series': s.name,
      });
    return svg('polyline', {
      points: s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
      fill: 'none',
      stroke: style.color,
      'stroke-width': 2,
      'stroke-dasharray': style.dash || undefined,
      'data-series': s.name,
    });
  });
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, className: 'chart' },
    svg('title', { id: titleId }, options.title),
    svg('desc', { id: descId }, options.description),
    ...grid,
    ...ticks,
    ...lines,
  );
  const legend = h(
    'ul',
    { className: 'legend', 'aria-label': `${options.title}: legend` },
    ...options.series.map((s, i) => {
      const style = STYLES[i % STYLES.length] ?? { color: '#000', dash: '' };
      return h(
        'li',
        {},
        svg(
          'svg',
          { width: 28, height: 10, 'aria-hidden': 'true' },
          svg('line', {
            x1: 0,
            x2: 28,
            y1: 5,
            y2: 5,
            stroke: style.color,
            'stroke-width': 2,
            'stroke-dasharray': style.dash || undefined,
          }),
        ),
        ` ${s.name}`,
      );
    }),
  );
  return h('figure', { className: 'chart-figure' }, chart, legend);
}

/** 1, 2, 4, 6, 8 × 10ⁿ: an axis top whose half is a round number too. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 4, 6, 8, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/** Axis labels: seconds up to five minutes, then minutes. */
function ago(ms: number): string {
  return ms <= 300_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}
