// Entry of the augmentation worker (trainer/data/augment-worker-pool.ts): plain JavaScript that
// loads the TypeScript worker in any host (see server/workers/load-ts-entry.mjs).
import { loadTsEntry } from '../../server/workers/load-ts-entry.mjs';

await loadTsEntry(new URL('./augment-worker-main.ts', import.meta.url));
