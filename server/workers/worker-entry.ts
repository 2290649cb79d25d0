import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

/** The worker threads bin/build-workers.mjs bundles. */
export type WorkerName = 'decode-worker' | 'agreement-worker';

/** Where a worker thread starts from. */
export interface WorkerEntry {
  file: string;
  /**
   * Plain JavaScript bundled by bin/build-workers.mjs: it starts without the parent's loader
   * flags (tsx), which would otherwise compile its sources again in every worker.
   */
  bundled: boolean;
}

interface ManifestEntry {
  file: string;
  inputs: string[];
}

/**
 * The worker's entry: its bundle under `bundleDir` (default dist/workers) while no source the
 * bundle was built from is newer than it, else the plain-JavaScript file in `sourceDir` (from
 * the repository root) that loads its TypeScript through tsx, found from this module or, inside
 * Next's bundle, from the working directory; else undefined (the caller computes inline).
 */
export function workerEntry(
  name: WorkerName,
  sourceDir: string,
  opts: { bundleDir?: string } = {},
): WorkerEntry | undefined {
  const bundled = currentBundle(name, opts.bundleDir ?? path.resolve('dist/workers'));
  if (bundled) return { file: bundled, bundled: true };
  const candidates = [path.resolve(sourceDir, `${name}.mjs`)];
  if (import.meta.url.startsWith('file:')) {
    const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    candidates.unshift(path.join(repository, sourceDir, `${name}.mjs`));
  }
  const file = candidates.find((c) => existsSync(c));
  return file ? { file, bundled: false } : undefined;
}

/** Options for `new Worker(entry.file, ...)` that depend on the entry. */
export function workerStartOptions(entry: WorkerEntry): Pick<WorkerOptions, 'execArgv'> {
  return entry.bundled ? { execArgv: [] } : {};
}

function currentBundle(name: WorkerName, dir: string): string | undefined {
  let manifest: Record<string, ManifestEntry>;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
  } catch {
    return undefined;
  }
  const entry = manifest[name];
  if (!entry) return undefined;
  const file = path.join(dir, entry.file);
  try {
    const built = statSync(file).mtimeMs;
    // A source edited (or removed) since the build: the bundle no longer says what the code says.
    return entry.inputs.every((input) => statSync(input).mtimeMs <= built) ? file : undefined;
  } catch {
    return undefined;
  }
}
