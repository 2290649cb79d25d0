/**
 * What the reader sees as a scan's name: the file name, and for one frame of a multi-frame
 * file its frame number (1-based, as DICOM numbers frames), so the frames of one enhanced
 * CT are told apart in the title bar, the grid and the history.
 */
export function scanTitle(scan: { originalName: string; frameIndex: number | null }): string {
  return scan.frameIndex === null ? scan.originalName : `${scan.originalName} · frame ${scan.frameIndex + 1}`;
}
