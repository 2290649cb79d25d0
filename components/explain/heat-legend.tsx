import { viridisHexStops } from '@/lib/imaging/render';

const gradient = `linear-gradient(to right, ${viridisHexStops.map((h) => `#${h}`).join(', ')})`;

/**
 * The colour scale of the overlay: the model's evidence from weak to strong, with the part
 * below the reader's threshold struck out (it is drawn transparent).
 */
export function HeatLegend({ threshold }: { threshold: number }) {
  const pct = Math.round(threshold * 100);
  return (
    <figure className="space-y-1" data-testid="grad-cam-legend" aria-label="Grad-CAM colour scale">
      <div className="relative h-2.5 rounded-sm" style={{ background: gradient }} aria-hidden>
        <div
          className="absolute inset-y-0 left-0 rounded-l-sm bg-slate-950/80"
          style={{ width: `${pct}%` }}
          data-testid="grad-cam-legend-hidden"
        />
        <div className="absolute -inset-y-0.5 w-0.5 bg-white" style={{ left: `calc(${pct}% - 1px)` }} />
      </div>
      <figcaption className="flex justify-between text-xs text-slate-300">
        <span>weak evidence</span>
        <span>strong</span>
      </figcaption>
    </figure>
  );
}
