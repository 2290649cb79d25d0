'use client';

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { progressStatusNames, progressStatuses, type ProgressStatus } from '@/lib/dashboard/progress';
import { chartTheme, initialChartSize } from './chart-theme';

const statusColors: Record<ProgressStatus, string> = {
  labelled: '#34d399',
  'awaiting-second-read': '#38bdf8',
  'needs-adjudication': '#fbbf24',
  unlabelled: '#64748b',
};

/** How many scans are in each labelling state, plus the suspected errors queued for review. */
export function LabelProgressChart({
  counts,
  suspectedErrors,
}: {
  counts: Record<ProgressStatus, number>;
  suspectedErrors: number;
}) {
  const data = [
    ...progressStatuses.map((s) => ({ name: progressStatusNames[s], count: counts[s], color: statusColors[s] })),
    { name: 'Suspected errors', count: suspectedErrors, color: '#fb7185' },
  ];
  return (
    <ResponsiveContainer width="100%" height={220} initialDimension={initialChartSize}>
      <BarChart
        data={data}
        layout="vertical"
        margin={{ top: 4, right: 16, bottom: 4, left: 40 }}
        accessibilityLayer={false}
      >
        <CartesianGrid stroke={chartTheme.grid} horizontal={false} />
        <XAxis
          type="number"
          allowDecimals={false}
          stroke={chartTheme.axis}
          tick={{ fill: chartTheme.text, fontSize: 11 }}
        />
        <YAxis
          type="category"
          dataKey="name"
          width={110}
          stroke={chartTheme.axis}
          tick={{ fill: chartTheme.text, fontSize: 11 }}
        />
        <Tooltip contentStyle={chartTheme.tooltip} cursor={{ fill: '#1e293b' }} />
        <Bar dataKey="count" name="scans" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.color} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
