/** One change the reader made to a scan's labels, as the toast tells it. */
export interface LabelChange {
  /** Distinguishes two identical changes in a row (each gets its own toast). */
  id: number;
  scanId: string;
  title: string | null;
  chain: 'read' | 'reference';
  undo: boolean;
  before: string[] | null;
  after: string[] | null;
}

const labelsText = (labels: string[] | null): string => (labels?.length ? labels.join(', ') : 'no label');

/** "Scan 12: normal → hemorrhage", prefixed with what kind of change it was. */
export function describeLabelChange(c: LabelChange): string {
  const what = c.undo ? 'Undone' : c.chain === 'reference' ? 'Reference label' : 'Read';
  return `${what} — ${c.title ?? 'this scan'}: ${labelsText(c.before)} → ${labelsText(c.after)}`;
}

/** The confirmation A asks for once the reader has a read of the scan. */
export interface PendingAccept {
  scanId: string;
  current: string[];
  predicted: string[];
}

export function describePendingAccept(p: PendingAccept): string {
  return (
    `You read this scan as ${labelsText(p.current)}. Press A again to replace your read with the model's ` +
    `${labelsText(p.predicted)}; any other key keeps it.`
  );
}
