/** A failed instance of a series import, with the reason (never patient data). */
export interface PacsInstanceFailure {
  sopInstanceUid: string;
  reason: string;
  message: string;
}

/** What NeuroLoop holds of a series: its last import. */
export interface PacsSeriesImport {
  state: 'running' | 'succeeded' | 'failed';
  instances: number;
  imported: number;
  duplicates: number;
  failures: PacsInstanceFailure[];
  error: string | null;
  finishedAt: string | null;
}

/** A series on the PACS that matches the source's filter (the browse page's row). */
export interface PacsSeriesRow {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  studyDate: string;
  studyDescription: string;
  seriesDescription: string;
  seriesNumber: number | null;
  modality: string;
  /** As the PACS counts them (null when it does not say). */
  instances: number | null;
  import: PacsSeriesImport | null;
}
