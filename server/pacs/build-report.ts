import { SECONDARY_CAPTURE_SOP_CLASS } from './build-capture';
import { writeDcmjsFile } from './write-dcmjs-file';

/** Enhanced SR: text, codes, numbers and image references; shown by OHIF, Orthanc, Weasis and dcmtk's dsr2html. */
export const ENHANCED_SR_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.22';
/** NeuroLoop's private coding scheme for project labels and model outputs. */
export const LABEL_SCHEME = '99NEUROLOOP';

/** The patient and study a report joins, as the PACS holds them: copied into the report, never stored here. */
export interface ReportStudy {
  studyInstanceUid: string;
  attributes: Record<string, string>;
}

export interface ReportInput {
  study: ReportStudy;
  /** The instance the label is about. */
  source: { sopClassUid: string; sopInstanceUid: string; seriesInstanceUid: string; frameNumber?: number };
  consensus: { label: string; rule: string; readers: number };
  model?: { name: string; probabilities: { label: string; probability: number }[] };
  /** The Grad-CAM secondary capture sent with the report, in the same study. */
  capture?: { sopInstanceUid: string; seriesInstanceUid: string };
  uids: { sopInstanceUid: string; seriesInstanceUid: string };
  now: Date;
}

const code = (value: string, scheme: string, meaning: string) => ({
  CodeValue: value.slice(0, 16),
  CodingSchemeDesignator: scheme,
  CodeMeaning: meaning.slice(0, 64),
});

const da = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');
const tm = (d: Date) => d.toISOString().slice(11, 19).replaceAll(':', '');

/**
 * A DICOM Enhanced Structured Report that gives a scan's consensus label (and, when asked, the
 * active model's probabilities) and references the scan's instance by its UIDs, in the scan's
 * study. A report carries a label as a coded finding that a viewer shows as text; a Key Object
 * Selection could only flag the image, not say what was found.
 */
export function buildReport(input: ReportInput): Uint8Array {
  const { source, consensus, model, capture, now } = input;
  const imageRef = {
    ReferencedSOPClassUID: source.sopClassUid,
    ReferencedSOPInstanceUID: source.sopInstanceUid,
    ...(source.frameNumber !== undefined ? { ReferencedFrameNumber: String(source.frameNumber) } : {}),
  };
  const content: Record<string, unknown>[] = [
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CODE',
      ConceptNameCodeSequence: [code('121071', 'DCM', 'Finding')],
      ConceptCodeSequence: [code(consensus.label, LABEL_SCHEME, consensus.label)],
    },
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'TEXT',
      ConceptNameCodeSequence: [code('121106', 'DCM', 'Comment')],
      TextValue: `Consensus label "${consensus.label}" from ${consensus.readers} reader(s) (${consensus.rule}), NeuroLoop.`,
    },
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'IMAGE',
      ConceptNameCodeSequence: [code('121112', 'DCM', 'Source of Measurement')],
      ReferencedSOPSequence: [imageRef],
    },
  ];
  if (model) {
    content.push({
      RelationshipType: 'CONTAINS',
      ValueType: 'TEXT',
      ConceptNameCodeSequence: [code('111001', 'DCM', 'Algorithm Name')],
      TextValue: model.name,
    });
    for (const p of model.probabilities)
      content.push({
        RelationshipType: 'CONTAINS',
        ValueType: 'NUM',
        ConceptNameCodeSequence: [code(p.label, LABEL_SCHEME, `Probability of ${p.label}`)],
        MeasuredValueSequence: [
          {
            NumericValue: Number(p.probability.toFixed(6)),
            MeasurementUnitsCodeSequence: [code('1', 'UCUM', 'no units')],
          },
        ],
      });
  }
  if (capture)
    content.push({
      RelationshipType: 'CONTAINS',
      ValueType: 'IMAGE',
      ConceptNameCodeSequence: [code('121080', 'DCM', 'Best illustration of finding')],
      ReferencedSOPSequence: [
        { ReferencedSOPClassUID: SECONDARY_CAPTURE_SOP_CLASS, ReferencedSOPInstanceUID: capture.sopInstanceUid },
      ],
    });
  const evidence = [
    {
      SeriesInstanceUID: source.seriesInstanceUid,
      ReferencedSOPSequence: [
        { ReferencedSOPClassUID: source.sopClassUid, ReferencedSOPInstanceUID: source.sopInstanceUid },
      ],
    },
    ...(capture
      ? [
          {
            SeriesInstanceUID: capture.seriesInstanceUid,
            ReferencedSOPSequence: [
              { ReferencedSOPClassUID: SECONDARY_CAPTURE_SOP_CLASS, ReferencedSOPInstanceUID: capture.sopInstanceUid },
            ],
          },
        ]
      : []),
  ];
  const dataset = {
    ...input.study.attributes,
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: ENHANCED_SR_SOP_CLASS,
    SOPInstanceUID: input.uids.sopInstanceUid,
    StudyInstanceUID: input.study.studyInstanceUid,
    SeriesInstanceUID: input.uids.seriesInstanceUid,
    Modality: 'SR',
    SeriesNumber: '990',
    SeriesDescription: 'NeuroLoop consensus label',
    InstanceNumber: '1',
    Manufacturer: 'NeuroLoop',
    ContentDate: da(now),
    ContentTime: tm(now),
    InstanceCreationDate: da(now),
    InstanceCreationTime: tm(now),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [code('18748-4', 'LN', 'Diagnostic imaging report')],
    ContinuityOfContent: 'SEPARATE',
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    CurrentRequestedProcedureEvidenceSequence: [
      {
        StudyInstanceUID: input.study.studyInstanceUid,
        ReferencedSeriesSequence: evidence,
      },
    ],
    ContentSequence: content,
  };
  return writeDcmjsFile(ENHANCED_SR_SOP_CLASS, input.uids.sopInstanceUid, dataset);
}
