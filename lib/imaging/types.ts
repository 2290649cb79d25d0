import type { WindowLevel } from './windows';

/**
 * One decoded 2-D image (one frame), the common currency of importers, the viewer and
 * the trainer. Pixels are row-major, one value per pixel: Hounsfield units for CT
 * (rescale applied), raw stored values for MR, 0..255 luminance for PNG/JPEG.
 */
export interface DecodedImage {
  pixels: Float32Array;
  width: number;
  height: number;
  /** DICOM modality code (CT, MR, ...) or 'OT' for plain images. */
  modality: string;
  /** True when pixels are in Hounsfield units (CT with RescaleSlope/Intercept applied). */
  hounsfield: boolean;
  /** Default display window from the file, when it has one. */
  window?: WindowLevel;
  /** Frame index within a multi-frame file. */
  frameIndex?: number;
  /** De-identified metadata (never patient name, ID or birth date). */
  meta: Record<string, unknown>;
}
