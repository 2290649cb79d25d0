import type { PixelSample } from '@/lib/imaging/render';
import type { WindowLevel } from '@/lib/imaging/windows';
import { formatPixelValue, formatWindow, formatZoom } from './viewer-format';

export interface ViewerInfoOverlayProps {
  modality: string;
  hounsfield: boolean;
  width: number;
  height: number;
  windowLevel: WindowLevel;
  zoom: number;
  inverted: boolean;
  sample: PixelSample | null;
}

const corner =
  'pointer-events-none absolute flex flex-col gap-0.5 font-mono text-xs tabular-nums text-neutral-100 [text-shadow:0_0_3px_#000]';

/** Corner annotations in the OHIF manner: what the image is, how it is shown, what is under the cursor. */
export function ViewerInfoOverlay(p: ViewerInfoOverlayProps) {
  return (
    <>
      <div className={`${corner} left-2 top-2`}>
        <span className="font-semibold">{p.modality}</span>
        <span>
          {p.width} × {p.height}
        </span>
      </div>
      {p.inverted && <div className={`${corner} right-2 top-2`}>Inverted</div>}
      <div className={`${corner} bottom-2 left-2`}>
        <span data-testid="scan-viewer-window">{formatWindow(p.windowLevel)}</span>
        <span>Zoom {formatZoom(p.zoom)}</span>
      </div>
      {p.sample && (
        <div className={`${corner} bottom-2 right-2 items-end`} data-testid="scan-viewer-pixel">
          <span>{formatPixelValue(p.sample.value, p.hounsfield)}</span>
          <span>
            ({p.sample.x}, {p.sample.y})
          </span>
        </div>
      )}
    </>
  );
}
