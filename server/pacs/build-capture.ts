import type { CaptureRaster } from '@/lib/pacs/grad-cam-capture';
import type { ReportStudy } from './build-report';
import { writeDcmjsFile } from './write-dcmjs-file';

/** Secondary Capture Image Storage: an RGB picture any viewer shows, with its provenance in the header. */
export const SECONDARY_CAPTURE_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.7';

export interface CaptureInput {
  study: ReportStudy;
  /** The instance the heatmap was computed on. */
  source: { sopClassUid: string; sopInstanceUid: string; frameNumber?: number };
  raster: CaptureRaster;
  /** What the map explains, for the header's derivation description. */
  explains: { label: string; model: string };
  uids: { sopInstanceUid: string; seriesInstanceUid: string };
  now: Date;
}

const da = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');
const tm = (d: Date) => d.toISOString().slice(11, 19).replaceAll(':', '');

/**
 * A Grad-CAM heatmap over the slice, with its legend burned in, as a DICOM Secondary Capture in
 * the scan's study. The header names the source image (Source Image Sequence) and says how the
 * picture was derived; the structured report refers to it by its UIDs.
 */
export function buildCapture(input: CaptureInput): Uint8Array {
  const { raster, source, now } = input;
  const pixels = raster.rgb;
  // Pixel Data has an even length (PS3.5 §7.1.1).
  const even = pixels.length % 2 === 0 ? pixels : Uint8Array.from([...pixels, 0]);
  const dataset = {
    ...input.study.attributes,
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: SECONDARY_CAPTURE_SOP_CLASS,
    SOPInstanceUID: input.uids.sopInstanceUid,
    StudyInstanceUID: input.study.studyInstanceUid,
    SeriesInstanceUID: input.uids.seriesInstanceUid,
    Modality: 'OT',
    ConversionType: 'WSD',
    SeriesNumber: '991',
    SeriesDescription: 'NeuroLoop Grad-CAM',
    InstanceNumber: '1',
    Manufacturer: 'NeuroLoop',
    ImageType: ['DERIVED', 'SECONDARY'],
    ContentDate: da(now),
    ContentTime: tm(now),
    InstanceCreationDate: da(now),
    InstanceCreationTime: tm(now),
    DerivationDescription:
      `Grad-CAM of ${input.explains.model} for "${input.explains.label}" over the source image; not for diagnostic use`.slice(
        0,
        1024,
      ),
    SourceImageSequence: [
      {
        ReferencedSOPClassUID: source.sopClassUid,
        ReferencedSOPInstanceUID: source.sopInstanceUid,
        ...(source.frameNumber !== undefined ? { ReferencedFrameNumber: String(source.frameNumber) } : {}),
      },
    ],
    BurnedInAnnotation: 'YES',
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    Rows: raster.height,
    Columns: raster.width,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    PixelData: even.buffer.slice(even.byteOffset, even.byteOffset + even.byteLength),
    _vrMap: { PixelData: 'OB' },
  };
  return writeDcmjsFile(SECONDARY_CAPTURE_SOP_CLASS, input.uids.sopInstanceUid, dataset);
}
