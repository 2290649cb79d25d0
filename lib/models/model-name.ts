/**
 * The one way every page, panel and export names a model: "ResNet50 v2". Kinds come
 * as the store spells them (CNN, RESNET, RESNET50); an unknown kind is shown as stored.
 */
const kindNames: Record<string, string> = { CNN: 'CNN', RESNET: 'ResNet', RESNET50: 'ResNet50' };

export function modelKindName(kind: string): string {
  return kindNames[kind] ?? kind;
}

export function modelName(v: { kind: string; version: number }): string {
  return `${modelKindName(v.kind)} v${v.version}`;
}
