import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { CurvePoint } from '@/lib/simulation/curves';

export interface PlotPanel {
  title: string;
  /** Per strategy, in legend order. */
  curves: { strategy: string; points: CurvePoint[] }[];
  /** A dashed horizontal reference line (random's final macro F1). */
  target?: { value: number; label: string };
}

const PALETTE: Record<string, string> = {
  random: '#6b6b6b',
  entropy: '#1f77b4',
  bald: '#d62728',
  'committee-vote-entropy': '#2ca02c',
  'committee-kl': '#17becf',
  diverse: '#9467bd',
  margin: '#ff7f0e',
  'least-confidence': '#8c564b',
};
const FALLBACK = ['#e377c2', '#bcbd22', '#7f7f7f'];
const colour = (strategy: string, i: number) => PALETTE[strategy] ?? FALLBACK[i % FALLBACK.length];
const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number) => (Math.round(v * 1000) / 1000).toString();

/** A round step (1, 2 or 5 times a power of ten) giving about `ticks` intervals. */
function niceStep(span: number, ticks: number): number {
  const raw = span / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

const W = 560;
const H = 400;
const M = { left: 60, right: 16, top: 36, bottom: 48 };

function panelSvg(panel: PlotPanel, x0: number, maxLabels: number): string[] {
  const values = panel.curves.flatMap((c) =>
    c.points.flatMap((p) => [Math.max(0, p.mean - p.sd), Math.min(1, p.mean + p.sd)]),
  );
  if (panel.target) values.push(panel.target.value);
  const yStep = niceStep(Math.max(0.05, Math.max(...values) - Math.min(...values)), 6);
  const yMin = Math.max(0, Math.floor(Math.min(...values) / yStep) * yStep);
  const yMax = Math.min(1, Math.ceil(Math.max(...values) / yStep) * yStep);
  const xStep = niceStep(maxLabels, 8);
  const xMax = Math.ceil(maxLabels / xStep) * xStep;
  const px = (labels: number) => x0 + M.left + (labels / xMax) * (W - M.left - M.right);
  const py = (v: number) => M.top + (1 - (v - yMin) / Math.max(1e-9, yMax - yMin)) * (H - M.top - M.bottom);
  const out = [
    `<text x="${x0 + W / 2}" y="22" font-size="15" text-anchor="middle">${escapeXml(panel.title)}</text>`,
    `<rect x="${px(0)}" y="${py(yMax)}" width="${px(xMax) - px(0)}" height="${py(yMin) - py(yMax)}" fill="none" stroke="#444"/>`,
    `<text x="${x0 + M.left + (W - M.left - M.right) / 2}" y="${H - 10}" font-size="12" text-anchor="middle">labels used</text>`,
  ];
  for (let v = yMin; v <= yMax + 1e-9; v += yStep) {
    out.push(`<line x1="${px(0)}" x2="${px(xMax)}" y1="${py(v)}" y2="${py(v)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${px(0) - 6}" y="${py(v) + 4}" font-size="11" text-anchor="end">${fmt(v)}</text>`);
  }
  for (let v = 0; v <= xMax; v += xStep)
    out.push(`<text x="${px(v)}" y="${py(yMin) + 16}" font-size="11" text-anchor="middle">${v}</text>`);
  if (panel.target) {
    const y = py(panel.target.value);
    out.push(`<line x1="${px(0)}" x2="${px(xMax)}" y1="${y}" y2="${y}" stroke="#000" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${px(0) + 6}" y="${y - 5}" font-size="11">${escapeXml(panel.target.label)}</text>`);
  }
  panel.curves.forEach(({ strategy, points }, i) => {
    if (points.length === 0) return;
    const c = colour(strategy, i);
    const upper = points.map((p) => `${px(p.labels)},${py(Math.min(yMax, p.mean + p.sd))}`);
    const lower = points.map((p) => `${px(p.labels)},${py(Math.max(yMin, p.mean - p.sd))}`).reverse();
    out.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${c}" fill-opacity="0.13" stroke="none"/>`);
    out.push(
      `<polyline points="${points.map((p) => `${px(p.labels)},${py(p.mean)}`).join(' ')}" fill="none" stroke="${c}" stroke-width="2"/>`,
    );
    for (const p of points) out.push(`<circle cx="${px(p.labels)}" cy="${py(p.mean)}" r="2.5" fill="${c}"/>`);
  });
  // Legend in the lower right, where rising learning curves rarely go.
  const lx = px(xMax) - 190;
  const top = py(yMin) - 10 - panel.curves.length * 16;
  out.push(
    `<rect x="${lx - 6}" y="${top - 4}" width="190" height="${panel.curves.length * 16 + 6}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`,
  );
  panel.curves.forEach(({ strategy }, i) => {
    const ly = top + 12 + i * 16;
    out.push(
      `<line x1="${lx}" x2="${lx + 20}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour(strategy, i)}" stroke-width="3"/>`,
    );
    out.push(`<text x="${lx + 26}" y="${ly}" font-size="11">${escapeXml(strategy)}</text>`);
  });
  return out;
}

/** Learning curves side by side: mean over seeds with a ±1 sd band, per strategy. */
function simulationPlotSvg(panels: readonly PlotPanel[], caption: string): string {
  const maxLabels = Math.max(1, ...panels.flatMap((p) => p.curves.flatMap((c) => c.points.map((q) => q.labels))));
  const width = W * panels.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H + 24}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...panels.flatMap((panel, i) => panelSvg(panel, i * W, maxLabels)),
    `<text x="${width / 2}" y="${H + 14}" font-size="11" text-anchor="middle" fill="#444">${escapeXml(caption)}</text>`,
    '</svg>',
  ].join('\n');
}

/** Renders the SVG to PNG with sharp (librsvg). */
export async function writeSimulationPlot(file: string, panels: readonly PlotPanel[], caption: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await sharp(Buffer.from(simulationPlotSvg(panels, caption)))
    .png()
    .toFile(file);
}
