/** VRs the writer and the metadata reader handle (PS3.5 §6.2). */
export type Vr =
  | 'AE'
  | 'CS'
  | 'DA'
  | 'DS'
  | 'IS'
  | 'LO'
  | 'OB'
  | 'OW'
  | 'PN'
  | 'SH'
  | 'SQ'
  | 'TM'
  | 'UI'
  | 'UL'
  | 'US'
  | 'SS'
  | 'LT'
  | 'ST';

export interface TagInfo {
  /** (gggg,eeee) packed as 0xggggeeee. */
  tag: number;
  vr: Vr;
}

/** The data dictionary subset (PS3.6) this project reads or writes, keyed by keyword. */
export const dicomTags = {
  FileMetaInformationGroupLength: { tag: 0x00020000, vr: 'UL' },
  FileMetaInformationVersion: { tag: 0x00020001, vr: 'OB' },
  MediaStorageSOPClassUID: { tag: 0x00020002, vr: 'UI' },
  MediaStorageSOPInstanceUID: { tag: 0x00020003, vr: 'UI' },
  TransferSyntaxUID: { tag: 0x00020010, vr: 'UI' },
  ImplementationClassUID: { tag: 0x00020012, vr: 'UI' },
  ImplementationVersionName: { tag: 0x00020013, vr: 'SH' },
  ImageType: { tag: 0x00080008, vr: 'CS' },
  SOPClassUID: { tag: 0x00080016, vr: 'UI' },
  SOPInstanceUID: { tag: 0x00080018, vr: 'UI' },
  StudyDate: { tag: 0x00080020, vr: 'DA' },
  Modality: { tag: 0x00080060, vr: 'CS' },
  Manufacturer: { tag: 0x00080070, vr: 'LO' },
  StudyDescription: { tag: 0x00081030, vr: 'LO' },
  SeriesDescription: { tag: 0x0008103e, vr: 'LO' },
  ManufacturerModelName: { tag: 0x00081090, vr: 'LO' },
  PatientName: { tag: 0x00100010, vr: 'PN' },
  PatientID: { tag: 0x00100020, vr: 'LO' },
  PatientBirthDate: { tag: 0x00100030, vr: 'DA' },
  PatientSex: { tag: 0x00100040, vr: 'CS' },
  BodyPartExamined: { tag: 0x00180015, vr: 'CS' },
  ScanningSequence: { tag: 0x00180020, vr: 'CS' },
  SliceThickness: { tag: 0x00180050, vr: 'DS' },
  KVP: { tag: 0x00180060, vr: 'DS' },
  RepetitionTime: { tag: 0x00180080, vr: 'DS' },
  EchoTime: { tag: 0x00180081, vr: 'DS' },
  InversionTime: { tag: 0x00180082, vr: 'DS' },
  MagneticFieldStrength: { tag: 0x00180087, vr: 'DS' },
  SpacingBetweenSlices: { tag: 0x00180088, vr: 'DS' },
  XRayTubeCurrent: { tag: 0x00181151, vr: 'IS' },
  ConvolutionKernel: { tag: 0x00181210, vr: 'SH' },
  StudyInstanceUID: { tag: 0x0020000d, vr: 'UI' },
  SeriesInstanceUID: { tag: 0x0020000e, vr: 'UI' },
  SeriesNumber: { tag: 0x00200011, vr: 'IS' },
  InstanceNumber: { tag: 0x00200013, vr: 'IS' },
  ImagePositionPatient: { tag: 0x00200032, vr: 'DS' },
  ImageOrientationPatient: { tag: 0x00200037, vr: 'DS' },
  FrameOfReferenceUID: { tag: 0x00200052, vr: 'UI' },
  SliceLocation: { tag: 0x00201041, vr: 'DS' },
  SamplesPerPixel: { tag: 0x00280002, vr: 'US' },
  PhotometricInterpretation: { tag: 0x00280004, vr: 'CS' },
  PlanarConfiguration: { tag: 0x00280006, vr: 'US' },
  NumberOfFrames: { tag: 0x00280008, vr: 'IS' },
  Rows: { tag: 0x00280010, vr: 'US' },
  Columns: { tag: 0x00280011, vr: 'US' },
  PixelSpacing: { tag: 0x00280030, vr: 'DS' },
  BitsAllocated: { tag: 0x00280100, vr: 'US' },
  BitsStored: { tag: 0x00280101, vr: 'US' },
  HighBit: { tag: 0x00280102, vr: 'US' },
  PixelRepresentation: { tag: 0x00280103, vr: 'US' },
  WindowCenter: { tag: 0x00281050, vr: 'DS' },
  WindowWidth: { tag: 0x00281051, vr: 'DS' },
  RescaleIntercept: { tag: 0x00281052, vr: 'DS' },
  RescaleSlope: { tag: 0x00281053, vr: 'DS' },
  RescaleType: { tag: 0x00281054, vr: 'LO' },
  LossyImageCompression: { tag: 0x00282110, vr: 'CS' },
  PixelData: { tag: 0x7fe00010, vr: 'OW' },
} as const satisfies Record<string, TagInfo>;

export type DicomKeyword = keyof typeof dicomTags;

/** dicom-parser's element key for a tag: 'x' + eight lower-case hex digits. */
export function parserKey(tag: number): string {
  return 'x' + tag.toString(16).padStart(8, '0');
}
