'use client';

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { trendMetrics, type VersionPoint } from '@/lib/dashboard/model-series';
import { chartTheme, colorAt, initialChartSize } from './chart-theme';

/** One model kind's metrics (0–1) across its versions, against the labels each was trained on. */
export function MetricTrendChart({ points }: { points: VersionPoint[] }) {
  const active = points.find((p) => p.active);
  if (!points.some((p) => p.macroF1 !== null)) {
    const latest = points.at(-1);
    return (
      <p className="py-10 text-center text-sm text-slate-500">
        {latest ? `No evaluated version yet (v${latest.version} ${latest.state.toLowerCase()}).` : 'No versions yet.'}
      </p>
    );
  }
  return (
    <ResponsiveContainer width="100%" height={240} initialDimension={initialChartSize}>
      <LineChart data={points} margin={{ top: 8, right: 12, bottom: 8, left: -16 }} accessibilityLayer={false}>
        <CartesianGrid stroke={chartTheme.grid} />
        <XAxis
          dataKey="labelCount"
          type="number"
          domain={['dataMin', 'dataMax']}
          stroke={chartTheme.axis}
          tick={{ fill: chartTheme.text, fontSize: 11 }}
        />
        <YAxis domain={[0, 1]} stroke={chartTheme.axis} tick={{ fill: chartTheme.text, fontSize: 11 }} />
        <Tooltip
          contentStyle={chartTheme.tooltip}
          labelFormatter={(v) => `${String(v)} labels`}
          formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {active && (
          <ReferenceLine
            x={active.labelCount}
            stroke="#7dd3fc"
            strokeDasharray="4 3"
            label={{ value: `active v${active.version}`, position: 'insideTopLeft', fill: '#7dd3fc', fontSize: 11 }}
          />
        )}
        {trendMetrics.map((m, i) => (
          <Line
            key={m.key}
            dataKey={m.key}
            name={m.name}
            stroke={colorAt(i)}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
