/** One report sent (or tried) to a PACS, as the API and the page show it. */
export interface PacsReportView {
  id: string;
  scanId: string;
  scanName: string;
  source: string;
  label: string;
  state: 'sending' | 'sent' | 'failed';
  error: string | null;
  /** The model's probabilities went with it. */
  withModel: boolean;
  /** A Grad-CAM secondary capture went with it. */
  withGradCam: boolean;
  sopInstanceUid: string;
  sentBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A scan imported from a PACS with a consensus label: what can be reported, and its latest report. */
export interface ReportableScanView {
  scanId: string;
  scanName: string;
  label: string;
  source: string;
  lastReport: Pick<PacsReportView, 'state' | 'error' | 'createdAt'> | null;
}

/** A stored report's state as the page names it. */
export function reportState(state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED'): PacsReportView['state'] {
  return state === 'SUCCEEDED' ? 'sent' : state === 'FAILED' ? 'failed' : 'sending';
}
