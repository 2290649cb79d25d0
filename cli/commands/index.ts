import type { CliCommand } from '../types';

/** Lazily loaded so that `neuroloop user list` does not load tfjs. One line per command. */
export const commands: Record<string, () => Promise<CliCommand>> = {
  agreement: () => import('./agreement').then((m) => m.command),
  compare: () => import('./compare').then((m) => m.command),
  synth: () => import('./synth').then((m) => m.command),
  import: () => import('./import').then((m) => m.command),
  migrate: () => import('./migrate').then((m) => m.command),
  user: () => import('./user').then((m) => m.command),
  project: () => import('./project').then((m) => m.command),
  'seed-demo': () => import('./seed-demo').then((m) => m.command),
  doctor: () => import('./doctor').then((m) => m.command),
  train: () => import('./train').then((m) => m.command),
  predict: () => import('./predict').then((m) => m.command),
  export: () => import('./export').then((m) => m.command),
  simulate: () => import('./simulate').then((m) => m.command),
  'simulate-merge': () => import('./simulate-merge').then((m) => m.command),
};
