import dcmjs from 'dcmjs';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** A naturalized dcmjs dataset as a DICOM Part 10 file (explicit VR little endian), as STOW-RS takes it. */
export function writeDcmjsFile(
  sopClassUid: string,
  sopInstanceUid: string,
  dataset: Record<string, unknown>,
): Uint8Array {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_LE,
    ImplementationClassUID: '2.25.160289749431264738093312549302419375521',
    ImplementationVersionName: 'NEUROLOOP',
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
