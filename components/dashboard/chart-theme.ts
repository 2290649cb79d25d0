/** Colours on the dark theme (Tailwind 400s): series in a fixed order so a kind keeps its colour. */
export const seriesColors = ['#38bdf8', '#34d399', '#fbbf24', '#a78bfa', '#fb7185', '#f472b6', '#2dd4bf', '#facc15'];

export const chartTheme = {
  grid: '#1e293b',
  axis: '#64748b',
  text: '#94a3b8',
  tooltip: { backgroundColor: '#0f172a', border: '1px solid #334155', borderRadius: 6, color: '#e2e8f0', fontSize: 12 },
};

export const colorAt = (i: number) => seriesColors[i % seriesColors.length];

/** Chart size before the browser measures it (server render), so the first paint is not empty. */
export const initialChartSize = { width: 480, height: 240 };
