'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReadsPerDayTable } from '@/lib/dashboard/reads-per-day';
import { chartTheme, colorAt, initialChartSize } from './chart-theme';

/** Reads per annotator per day, stacked. */
export function ReadsPerDayChart({ table }: { table: ReadsPerDayTable }) {
  if (table.days.length === 0)
    return <p className="py-10 text-center text-sm text-slate-500">No reads in this period.</p>;
  const data = table.days.map((d) => ({ day: d.day.slice(5), ...d.counts }));
  return (
    <ResponsiveContainer width="100%" height={220} initialDimension={initialChartSize}>
      <BarChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: -16 }} accessibilityLayer={false}>
        <CartesianGrid stroke={chartTheme.grid} vertical={false} />
        <XAxis dataKey="day" stroke={chartTheme.axis} tick={{ fill: chartTheme.text, fontSize: 11 }} />
        <YAxis allowDecimals={false} stroke={chartTheme.axis} tick={{ fill: chartTheme.text, fontSize: 11 }} />
        <Tooltip contentStyle={chartTheme.tooltip} cursor={{ fill: '#1e293b' }} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {table.readers.map((r, i) => (
          <Bar key={r.id} dataKey={r.id} name={r.name} stackId="reads" fill={colorAt(i)} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
