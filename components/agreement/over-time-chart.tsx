'use client';

import { useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatEstimate } from './format';
import { periodStatistics, type PeriodStatistic, type PeriodView } from './period';

interface Point {
  label: string;
  value: number | null;
  range: [number, number] | null;
  text: string;
  items: number;
}

/** One statistic per period with its 95% interval as a band; the table below holds the same data. */
export function OverTimeChart({ periods, title }: { periods: readonly PeriodView[]; title: string }) {
  const [statistic, setStatistic] = useState<PeriodStatistic>('krippendorff_alpha');
  const points: Point[] = periods.map((p) => {
    const e = p[statistic];
    return {
      label: p.label,
      value: e.ok ? e.value : null,
      range: e.ok && e.ci_low !== null && e.ci_high !== null ? [e.ci_low, e.ci_high] : null,
      text: formatEstimate(e),
      items: p.pairableItems,
    };
  });
  const low = Math.min(0, ...points.flatMap((p) => (p.range ? [p.range[0]] : p.value !== null ? [p.value] : [])));
  return (
    <figure className="space-y-2">
      <figcaption className="flex items-center gap-3 text-sm text-slate-400">
        <span>{title}</span>
        <label className="ml-auto flex items-center gap-2">
          Statistic
          <select
            className="rounded border border-slate-700 bg-slate-800 px-2 py-1 text-slate-100"
            value={statistic}
            onChange={(e) => setStatistic(e.target.value as PeriodStatistic)}
          >
            {periodStatistics.map((s) => (
              <option key={s.key} value={s.key}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
      </figcaption>
      <div className="h-56 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="#1e293b" />
            <XAxis dataKey="label" stroke="#94a3b8" fontSize={12} />
            <YAxis domain={[Math.floor(low * 10) / 10, 1]} stroke="#94a3b8" fontSize={12} />
            <ReferenceLine y={0} stroke="#475569" />
            <Tooltip content={<PointTooltip />} />
            <Area
              dataKey="range"
              stroke="none"
              fill="#38bdf8"
              fillOpacity={0.2}
              isAnimationActive={false}
              name="95% interval"
            />
            <Line
              dataKey="value"
              stroke="#38bdf8"
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
              name="value"
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Point }[] }) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="rounded border border-slate-700 bg-slate-900 px-2 py-1 text-xs">
      <div className="font-medium">{point.label}</div>
      <div>{point.text}</div>
      <div className="text-slate-400">{point.items} scans read twice or more</div>
    </div>
  );
}
