'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RocCurve } from '@/lib/dashboard/roc';
import { formatRatio } from '@/lib/dashboard/format';
import { chartTheme, colorAt, initialChartSize } from './chart-theme';

/** One-vs-rest ROC curves of the active version, one line per class, with chance as the diagonal. */
export function RocChart({ curves }: { curves: RocCurve[] }) {
  return (
    <ResponsiveContainer width="100%" height={280} initialDimension={initialChartSize}>
      <LineChart margin={{ top: 8, right: 12, bottom: 8, left: -16 }} accessibilityLayer={false}>
        <CartesianGrid stroke={chartTheme.grid} />
        <XAxis
          dataKey="fpr"
          type="number"
          domain={[0, 1]}
          stroke={chartTheme.axis}
          tick={{ fill: chartTheme.text, fontSize: 11 }}
        />
        <YAxis
          dataKey="tpr"
          type="number"
          domain={[0, 1]}
          stroke={chartTheme.axis}
          tick={{ fill: chartTheme.text, fontSize: 11 }}
        />
        <Tooltip
          contentStyle={chartTheme.tooltip}
          formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Line
          data={[
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ]}
          dataKey="tpr"
          name="chance"
          stroke={chartTheme.axis}
          strokeDasharray="4 4"
          dot={false}
          isAnimationActive={false}
          legendType="none"
        />
        {curves.map((c, i) => (
          <Line
            key={c.label}
            data={c.points}
            dataKey="tpr"
            name={`${c.label} (AUC ${formatRatio(c.auc)})`}
            stroke={colorAt(i)}
            strokeWidth={2}
            dot={false}
            type="linear"
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
