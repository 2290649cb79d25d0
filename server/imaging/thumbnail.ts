import { thumbnailRaster } from '@/lib/imaging/thumbnail-pixels';
import type { DecodedImage } from '@/lib/imaging/types';
import { encodeGreyPng } from './png-encode';

/** The grid thumbnail as an 8-bit greyscale PNG, ~128 px on the long side. */
export function renderThumbnailPng(image: DecodedImage, maxSide = 128): Buffer {
  const raster = thumbnailRaster(image, maxSide);
  return encodeGreyPng(raster.pixels, raster.width, raster.height);
}
