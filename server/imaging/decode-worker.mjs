// Entry of an import decode worker (server/imaging/decode-pool.ts): plain JavaScript that
// loads the TypeScript worker in any host (see server/workers/load-ts-entry.mjs).
import { loadTsEntry } from '../workers/load-ts-entry.mjs';

await loadTsEntry(new URL('./decode-worker-main.ts', import.meta.url));
