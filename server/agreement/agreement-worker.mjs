// Entry of the agreement worker (server/agreement/agreement-pool.ts): plain JavaScript that
// loads the TypeScript worker in any host (see server/workers/load-ts-entry.mjs).
import { loadTsEntry } from '../workers/load-ts-entry.mjs';

await loadTsEntry(new URL('./agreement-worker-main.ts', import.meta.url));
