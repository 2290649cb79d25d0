// Loads a worker's TypeScript entry from a plain-JavaScript worker file, so that the worker
// starts in any host (tsx, vitest, node --import tsx): imported as is when the thread already
// runs with tsx's loader, else after registering it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const tsconfig = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tsconfig.json');

/** @param {URL} url the TypeScript entry's file URL */
export async function loadTsEntry(url) {
  const entry = url.href;
  try {
    await import(entry);
  } catch (e) {
    if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { register } = await import('tsx/esm/api');
    register({ tsconfig });
    // A new URL: the failed load above stays cached under the old one.
    await import(`${entry}?tsx`);
  }
}
