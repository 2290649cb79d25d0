'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochPoint } from '@/lib/dashboard/training-jobs';
import { chartTheme, colorAt, initialChartSize } from './chart-theme';

/** One model kind's training and validation loss, epoch by epoch, as the trainer reports them. */
export function LossChart({ kind, points }: { kind: string; points: EpochPoint[] }) {
  // Phases (a ResNet50 head, then its fine-tuning) restart their epoch count: number them in order.
  const data = points.map((p, i) => ({ ...p, step: i + 1, label: `${p.phase} epoch ${p.epoch}` }));
  return (
    <figure
      className="rounded border border-slate-800 p-2"
      data-testid={`loss-chart-${kind}`}
      data-epochs={data.length}
    >
      <figcaption className="mb-1 text-xs text-slate-300">
        {kind}: loss by epoch ({data.length} {data.length === 1 ? 'epoch' : 'epochs'})
      </figcaption>
      <ResponsiveContainer width="100%" height={180} initialDimension={initialChartSize}>
        <LineChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: -16 }} accessibilityLayer={false}>
          <CartesianGrid stroke={chartTheme.grid} strokeDasharray="3 3" />
          <XAxis dataKey="step" stroke={chartTheme.axis} tick={{ fill: chartTheme.text, fontSize: 11 }} />
          <YAxis stroke={chartTheme.axis} tick={{ fill: chartTheme.text, fontSize: 11 }} />
          <Tooltip
            contentStyle={chartTheme.tooltip}
            labelFormatter={(_, payload) => String(payload?.[0]?.payload?.label ?? '')}
          />
          <Legend wrapperStyle={{ fontSize: 11, color: chartTheme.text }} />
          <Line
            type="monotone"
            dataKey="loss"
            name="training loss"
            stroke={colorAt(0)}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="valLoss"
            name="validation loss"
            stroke={colorAt(1)}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
