import type { CliCommand } from '../types';

export interface CommandEntry {
  /** One line for `neuroloop --help`; the command's own summary says the same (a test checks). */
  summary: string;
  load(): Promise<CliCommand>;
}

/** Lazily loaded so that `neuroloop user list` does not load tfjs. One line per command. */
export const commands: Record<string, CommandEntry> = {
  agreement: {
    summary: 'Inter-reader agreement, kappas, alpha and Dawid–Skene consensus',
    load: () => import('./agreement').then((m) => m.command),
  },
  compare: {
    summary: 'Compare CNN, ResNet and pretrained ResNet50 on a folder dataset (no database)',
    load: () => import('./compare').then((m) => m.command),
  },
  synth: {
    summary: 'Generate labelled synthetic head CT (DICOM) or brain MRI (PNG) scans',
    load: () => import('./synth').then((m) => m.command),
  },
  import: {
    summary: 'Import DICOM, PNG and JPEG scans (files or folders) into a project',
    load: () => import('./import').then((m) => m.command),
  },
  migrate: { summary: 'Apply pending database migrations', load: () => import('./migrate').then((m) => m.command) },
  user: {
    summary: 'Add, list or sign out users (admins create accounts)',
    load: () => import('./user').then((m) => m.command),
  },
  project: { summary: 'Create or list projects, add members', load: () => import('./project').then((m) => m.command) },
  'seed-demo': {
    summary: 'Seed demo users and a demo project into an empty database',
    load: () => import('./seed-demo').then((m) => m.command),
  },
  doctor: {
    summary: 'Check Node, the database, the tfjs backend and the storage directory',
    load: () => import('./doctor').then((m) => m.command),
  },
  train: {
    summary: "Train one model kind on a project's labels now (outside the queue)",
    load: () => import('./train').then((m) => m.command),
  },
  predict: {
    summary: 'Class probabilities of image files under a stored model version',
    load: () => import('./predict').then((m) => m.command),
  },
  export: {
    summary: 'Export labels, metrics or a model (csv, json, tfjs)',
    load: () => import('./export').then((m) => m.command),
  },
  simulate: {
    summary: 'Simulate active learning on a labelled folder: label efficiency of each strategy vs random',
    load: () => import('./simulate').then((m) => m.command),
  },
  'simulate-merge': {
    summary: 'Combine simulate --json parts of one experiment (different seeds or strategies) and summarise them',
    load: () => import('./simulate-merge').then((m) => m.command),
  },
  pacs: {
    summary: 'Connect a PACS (DICOMweb), browse and import its series, keep up with new ones, send reports back',
    load: () => import('./pacs').then((m) => m.command),
  },
};
