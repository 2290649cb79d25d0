import { computeAgreementReport, type AgreementReport, type AgreementReportOptions } from './report';
import type { Read } from './types';

/** A read of a multi-label task: the set of labels the reader marked present. */
export interface MultiLabelRead {
  item: string;
  reader: string;
  labels: readonly string[];
}

const binaryCategories = ['absent', 'present'] as const;

/**
 * One binary table per label: each read says 'present' or 'absent' for every label
 * (those given, or all labels anyone marked, sorted).
 */
export function perLabelReads(
  reads: readonly MultiLabelRead[],
  labels?: readonly string[],
): { label: string; reads: Read[] }[] {
  const names = labels ?? [...new Set(reads.flatMap((r) => r.labels))].sort();
  return names.map((name) => ({
    label: name,
    reads: reads.map(({ item, reader, labels: marked }) => ({
      item,
      reader,
      label: marked.includes(name) ? binaryCategories[1] : binaryCategories[0],
    })),
  }));
}

/** The full agreement report for each label of a multi-label task, evaluated as absent/present. */
export function multiLabelReports(
  reads: readonly MultiLabelRead[],
  options: Omit<AgreementReportOptions, 'categories'> & { labels?: readonly string[] } = {},
  control: { stop?: () => boolean } = {},
): { label: string; report: AgreementReport }[] {
  const { labels, ...rest } = options;
  return perLabelReads(reads, labels).map(({ label, reads: binary }) => ({
    label,
    report: computeAgreementReport(binary, { ...rest, categories: [...binaryCategories] }, control),
  }));
}
