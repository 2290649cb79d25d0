import { z } from 'zod';

/** What a file says about itself apart from its content: none of it should tell the class. */
export const fileTraitsSchema = z.object({
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  /** e.g. jpeg, png, dicom. */
  format: z.string(),
  channels: z.number().int().nonnegative(),
  bitDepth: z.number().int().nonnegative(),
  fileBytes: z.number().int().nonnegative(),
});
export type FileTraits = z.infer<typeof fileTraitsSchema>;

export const fileTraitNames = ['width', 'height', 'format', 'channels', 'bitDepth', 'fileBytes'] as const;
export type FileTraitName = (typeof fileTraitNames)[number];

/** How a warning names each trait. */
export const fileTraitLabels: Record<FileTraitName, string> = {
  width: 'image width',
  height: 'image height',
  format: 'file format',
  channels: 'channel count',
  bitDepth: 'bit depth',
  fileBytes: 'file size',
};

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Traits of a decoded file from its original size, its metadata (plain images or DICOM) and its byte count. */
export function fileTraitsOf(
  image: { width: number; height: number; modality: string; meta: Record<string, unknown> },
  fileBytes: number,
): FileTraits {
  const m = image.meta;
  const dicom = m.format === undefined;
  return {
    width: image.width,
    height: image.height,
    format: typeof m.format === 'string' ? m.format : dicom ? 'dicom' : 'unknown',
    channels: num(m.channels) ?? num(m.SamplesPerPixel) ?? 1,
    bitDepth: num(m.bitDepth) ?? num(m.BitsStored) ?? num(m.BitsAllocated) ?? 0,
    fileBytes,
  };
}
