import type { Logger } from 'pino';
import type { ImportProgress, ImportSplit, ScanSplit } from '@/lib/imaging/import-report';
import type { LabelRow } from '@/lib/imaging/labels-csv';
import type { RejectReason } from '@/lib/imaging/reject-reasons';

/** A scan as the importer hands it to the store: paths are relative to the storage root. */
export interface NewScanRecord {
  contentHash: string;
  fileHash: string;
  originalPath: string;
  /** The name as given (relative path inside the imported folder, or the upload's name). */
  originalName: string;
  previewPath: string;
  thumbnailPath: string;
  modality: string;
  width: number;
  height: number;
  /** Frame within a multi-frame file; null for single-frame files. */
  frameIndex: number | null;
  /** Scans shown together in the stack viewer: the DICOM SeriesInstanceUID, else the file's folder ('' when none). */
  seriesKey: string;
  /** De-identified DICOM attributes (lib/dicom/deid-allow-list); null for PNG/JPEG. */
  dicomMeta: Record<string, unknown> | null;
  split: ScanSplit;
  importBatchId?: string;
}

/** Where a prior label came from; the key makes re-imports add nothing new. */
export interface PriorLabelSource {
  /** Annotation.source IMPORT. */
  kind: 'import';
  origin: 'folder' | 'csv';
  /** The file the label was read for. */
  file: string;
  /** Unique per project and (scan, label): use as Annotation.idempotencyKey. */
  idempotencyKey: string;
}

/**
 * The port the importer writes through (one project). The database adapter lives with the
 * data layer; memory-sink.ts is the in-memory one for tests and --dry-run.
 * saveScan may throw AppError CONFLICT when the content hash already exists (a concurrent
 * import won the race): the importer then reports a duplicate.
 */
export interface ScanSink {
  findScanByContentHash(contentHash: string): Promise<{ id: string } | null>;
  saveScan(record: NewScanRecord): Promise<{ id: string }>;
  /** Must be idempotent on source.idempotencyKey (an Annotation with value { labels: [label] }). */
  addPriorLabel(scanId: string, label: string, source: PriorLabelSource): Promise<void>;
}

export interface ImportOptions {
  storageDir: string;
  /** IMPORT_MAX_PIXELS: width*height*frames above this is refused (decompression bombs). */
  maxPixels: number;
  split: ImportSplit;
  /** Rows of a labels CSV (file name, relative path or content hash -> label). */
  labels?: LabelRow[];
  /**
   * The project's labels: a prior label (CSV or folder) must be one of them, matched ignoring
   * case, or its file is refused. Absent only where no project exists (a dry run, `compare`).
   */
  projectLabels?: readonly string[];
  /** Files in flight at once (default: twice the decode workers, at least 4). */
  concurrency?: number;
  /** Decode worker threads (read, decode, hashes, preview, thumbnail); 0 = on this thread. Default: the cores available. */
  workers?: number;
  importBatchId?: string;
  logger?: Logger;
}

export type ImportProgressListener = (progress: ImportProgress) => void;

/** One thing to import: a file on disk, or bytes from an upload, under a display name. */
export interface ImportItem {
  /** Relative name ('Training/glioma/x.png'); checked with safeRelativeName. */
  name: string;
  filePath?: string;
  bytes?: Uint8Array;
  /** Set by the collector when the file must be refused before reading (e.g. a symlink out of the root). */
  unsafeReason?: string;
  /** Decided before the importer sees it (an upload's first bytes): nothing of it was stored. */
  verdict?: { status: 'skipped'; message: string } | { status: 'rejected'; reason: RejectReason; message: string };
}
