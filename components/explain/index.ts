export { GradCamControl, type GradCamControlProps } from './grad-cam-control';
export type { ExplanationEvent } from './explanation-api';
export { gradCamShortcutGroup } from './grad-cam-keys';
export type { SubscribeExplanationEvents } from './use-explanation';
export type { ExplainableVersion } from './version-options';
export { useGradCamSource, type ProjectEventSource } from './use-grad-cam-source';
