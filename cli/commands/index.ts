import type { CliCommand } from '../types';

/** Lazily loaded so that `neuroloop user list` does not load tfjs. One line per command. */
export const commands: Record<string, () => Promise<CliCommand>> = {
  agreement: () => import('./agreement').then((m) => m.command),
  migrate: () => import('./migrate').then((m) => m.command),
  user: () => import('./user').then((m) => m.command),
  project: () => import('./project').then((m) => m.command),
  'seed-demo': () => import('./seed-demo').then((m) => m.command),
};
