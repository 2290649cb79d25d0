// Entry of an import decode worker (server/imaging/decode-pool.ts). Plain JavaScript so that
// it starts in any host (tsx, vitest, node --import tsx): it loads the TypeScript sources
// through tsx's loader, registering it first unless the thread already runs with it.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = pathToFileURL(path.join(here, 'decode-worker-main.ts')).href;
try {
  await import(entry);
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: path.join(here, '../../tsconfig.json') });
  // A new URL: the failed load above stays cached under the old one.
  await import(`${entry}?tsx`);
}
