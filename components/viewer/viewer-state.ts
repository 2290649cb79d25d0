import { fitTransform, panBy, zoomAbout, type Point, type Size, type ViewTransform } from '@/lib/imaging/render';
import type { WindowLevel } from '@/lib/imaging/windows';
import type { ViewerCommand } from './viewer-keys';
import type { ViewerPreset } from './viewer-presets';

/** 'fit' follows the viewport as it resizes; any zoom or pan makes the view 'free'. */
export type ViewMode = { mode: 'fit' } | { mode: 'free'; transform: ViewTransform };

export interface ViewerState {
  /** The pixels this state belongs to; a new array means a new image and a fresh state. */
  source: Float32Array | null;
  /** Images that share a key (the slices of one stack) keep the reader's window, zoom and invert. */
  viewKey: string | null;
  /** An image has been shown under this key: the window and view are the reader's to keep. */
  shown: boolean;
  windowLevel: WindowLevel;
  defaultWindow: WindowLevel;
  invert: boolean;
  view: ViewMode;
}

export type ViewerAction =
  | { type: 'load'; source: Float32Array | null; defaultWindow: WindowLevel; viewKey?: string | null }
  /** Another image under the same view key: only the pixels change. */
  | { type: 'swap'; source: Float32Array | null }
  | { type: 'window'; windowLevel: WindowLevel }
  | { type: 'invert' }
  | { type: 'fit' }
  | { type: 'reset' }
  /** fitted: the fit transform for the current viewport, the base when the view is still 'fit'. */
  | { type: 'zoom'; factor: number; anchor: Point; fitted: ViewTransform; limits: ZoomLimits }
  | { type: 'pan'; dx: number; dy: number; fitted: ViewTransform };

export interface ZoomLimits {
  min: number;
  max: number;
}

export function initialViewerState(
  source: Float32Array | null,
  defaultWindow: WindowLevel,
  viewKey: string | null = null,
): ViewerState {
  return {
    source,
    viewKey,
    shown: source !== null,
    windowLevel: defaultWindow,
    defaultWindow,
    invert: false,
    view: { mode: 'fit' },
  };
}

export function resolveTransform(view: ViewMode, fitted: ViewTransform): ViewTransform {
  return view.mode === 'fit' ? fitted : view.transform;
}

/** From a quarter of the fitted size out to 32 screen pixels per image pixel. */
export function zoomLimits(image: Size, viewport: Size): ZoomLimits {
  const fit = fitTransform(image, viewport).zoom;
  return { min: fit / 4, max: Math.max(32, fit * 2) };
}

export function viewerReducer(state: ViewerState, action: ViewerAction): ViewerState {
  switch (action.type) {
    case 'load':
      return initialViewerState(action.source, action.defaultWindow, action.viewKey ?? null);
    case 'swap':
      return { ...state, source: action.source };
    case 'window':
      return { ...state, windowLevel: action.windowLevel };
    case 'invert':
      return { ...state, invert: !state.invert };
    case 'fit':
      return { ...state, view: { mode: 'fit' } };
    case 'reset':
      return { ...initialViewerState(state.source, state.defaultWindow, state.viewKey), shown: state.shown };
    case 'zoom': {
      const base = resolveTransform(state.view, action.fitted);
      return {
        ...state,
        view: { mode: 'free', transform: zoomAbout(base, action.factor, action.anchor, action.limits) },
      };
    }
    case 'pan': {
      const base = resolveTransform(state.view, action.fitted);
      return { ...state, view: { mode: 'free', transform: panBy(base, action.dx, action.dy) } };
    }
  }
}

export function commandAction(command: ViewerCommand, presets: readonly ViewerPreset[]): ViewerAction | null {
  if (command.type !== 'preset') return { type: command.type };
  const preset = presets.find((p) => p.digit === command.digit);
  return preset ? { type: 'window', windowLevel: preset.window } : null;
}

/** The window an action sets, if it sets one: what onWindowChange reports. */
export function windowSetBy(action: ViewerAction, state: Pick<ViewerState, 'defaultWindow'>): WindowLevel | null {
  if (action.type === 'window') return action.windowLevel;
  if (action.type === 'reset') return state.defaultWindow;
  if (action.type === 'load') return action.defaultWindow;
  return null;
}
