// Charts for the reports: an inline SVG line chart (no script, no network) and a text one.

import { formatBytes } from '../text.ts';
import { escapeHtml } from './escape.ts';

export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

export interface ChartOptions {
  title: string;
  series: Series[];
  /** Vertical markers, e.g. the snapshots S0, S1, S2. */
  markers: { x: number; label: string }[];
  width?: number;
  height?: number;
}

export function svgLineChart(options: ChartOptions): string {
  const width = options.width ?? 600;
  const height = options.height ?? 250;
  // The title on the first line, the legend on its own line under it: they never overlap.
  const pad = { left: 76, right: 16, top: 62, bottom: 34 };
  const all = options.series.flatMap((s) => s.points);
  const xs = [...all.map((p) => p.x), ...options.markers.map((m) => m.x)];
  // The axis starts at the first sample, not at zero: the warm-up before it has no samples,
  // and a quarter of the chart would be empty.
  const xMin = xs.length ? Math.min(...xs) : 0;
  const xMax = Math.max(...xs, xMin + 1);
  const yMaxRaw = Math.max(...all.map((p) => p.y), 1);
  const yMinRaw = Math.min(...all.map((p) => p.y), yMaxRaw);
  // Start the axis below the data, not at zero: a leak is a slope, and zero would flatten it.
  const span = Math.max(yMaxRaw - yMinRaw, yMaxRaw * 0.05, 1024);
  const yMin = Math.max(0, yMinRaw - span * 0.1);
  const yMax = yMaxRaw + span * 0.1;
  const px = (x: number): number => pad.left + ((x - xMin) / (xMax - xMin)) * (width - pad.left - pad.right);
  const py = (y: number): number => height - pad.bottom - ((y - yMin) / (yMax - yMin)) * (height - pad.top - pad.bottom);
  const parts: string[] = [];
  parts.push(`<svg class="chart" role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`);
  parts.push(`<title>${escapeHtml(options.title)}</title>`);
  parts.push(`<text x="${pad.left}" y="18" class="chart-title">${escapeHtml(options.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const y = yMin + ((yMax - yMin) * i) / 4;
    const yy = py(y).toFixed(1);
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${yy}" y2="${yy}" class="grid"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${yy}" class="tick" text-anchor="end" dominant-baseline="middle">${escapeHtml(formatBytes(y))}</text>`);
  }
  for (const marker of options.markers) {
    const x = px(marker.x).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${pad.top}" y2="${height - pad.bottom}" class="marker"/>`);
    parts.push(`<text x="${x}" y="${pad.top - 4}" class="marker-label" text-anchor="middle">${escapeHtml(marker.label)}</text>`);
  }
  parts.push(`<text x="${(pad.left + width - pad.right) / 2}" y="${height - 6}" class="tick" text-anchor="middle">iteration</text>`);
  parts.push(`<text x="${pad.left}" y="${height - 20}" class="tick" text-anchor="start">${xMin}</text>`);
  parts.push(`<text x="${width - pad.right}" y="${height - 20}" class="tick" text-anchor="end">${xMax}</text>`);
  options.series.forEach((series, i) => {
    if (series.points.length === 0) return;
    const d = series.points.map((p, k) => `${k ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    parts.push(
      `<path d="${d}" fill="none" stroke="${escapeHtml(series.color)}" stroke-width="2.5"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    // The legend: a line under the title, entries left to right.
    const lx = pad.left + options.series.slice(0, i).reduce((x, s) => x + 40 + s.label.length * 8, 0);
    parts.push(`<rect x="${lx}" y="33" width="16" height="4" fill="${escapeHtml(series.color)}"/>`);
    parts.push(`<text x="${lx + 22}" y="39" class="legend">${escapeHtml(series.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line chart for a terminal or Markdown: min and max, and a bar per sample. */
export function textChart(all: number[], width = 60): string {
  if (all.length === 0) return '(no samples)';
  // At most `width` bars: the largest value of each stretch, so a peak is never lost.
  const step = Math.ceil(all.length / width);
  const values = step <= 1 ? all : Array.from({ length: Math.ceil(all.length / step) }, (_, i) => Math.max(...all.slice(i * step, (i + 1) * step)));
  const min = Math.min(...values);
  const max = Math.max(...values);
  const range = max - min || 1;
  const bars = values.map((v) => BARS[Math.min(BARS.length - 1, Math.floor(((v - min) / range) * BARS.length))]).join('');
  return `${bars}  ${formatBytes(min)} → ${formatBytes(max)}`;
}
