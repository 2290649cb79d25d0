import dicomParser, { type DataSet } from 'dicom-parser';
import { importRejection } from '@/lib/imaging/reject-reasons';

const truncationHints = ['overread', 'overrun', 'past end', 'cannot be greater than or equal', 'maxposition', 'beyond'];

/** Parses a Part 10 file; parser failures become import rejections with a reason. */
export function parseDicomDataSet(bytes: Uint8Array): DataSet {
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes);
  } catch (e) {
    const message = parserMessage(e);
    const truncated = truncationHints.some((h) => message.toLowerCase().includes(h));
    throw importRejection(
      truncated ? 'truncated' : 'decode-failed',
      truncated ? `DICOM file ends early (${message})` : `DICOM parse failed: ${message}`,
    );
  }
  if (dataSet.warnings.some((w) => /missing (sequence|item) delimit/i.test(w))) {
    throw importRejection('truncated', `DICOM file ends inside an element (${dataSet.warnings[0]})`);
  }
  return dataSet;
}

function parserMessage(e: unknown): string {
  // dicom-parser throws strings, Errors, or { exception, dataSet } wrapping either.
  const inner = typeof e === 'object' && e !== null && 'exception' in e ? (e as { exception: unknown }).exception : e;
  if (inner instanceof Error) return inner.message;
  return typeof inner === 'string' ? inner : 'unreadable data set';
}
