// Entry of the augmentation worker (trainer/data/augment-worker-pool.ts). Plain JavaScript so
// that it starts in any host (tsx, vitest, node --import tsx): the same bootstrap as
// server/imaging/decode-worker.mjs, loading the TypeScript through tsx's loader when needed.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = pathToFileURL(path.join(here, 'augment-worker-main.ts')).href;
try {
  await import(entry);
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: path.join(here, '../../tsconfig.json') });
  // A new URL: the failed load above stays cached under the old one.
  await import(`${entry}?tsx`);
}
