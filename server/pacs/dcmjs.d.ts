/** The part of dcmjs (no typings of its own) that NeuroLoop uses to write DICOM objects. */
declare module 'dcmjs' {
  type NaturalDataset = Record<string, unknown>;
  interface DicomMetaDictionaryStatic {
    denaturalizeDataset(dataset: NaturalDataset): Record<string, unknown>;
    uid(): string;
  }
  interface DicomDictInstance {
    dict: Record<string, unknown>;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomMetaDictionary: DicomMetaDictionaryStatic;
      DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
    };
    log: { setLevel(level: string): void };
  };
  export default dcmjs;
}
