// Entry of the trainer's watchdog thread (trainer/service/watchdog.ts): plain JavaScript that
// loads the TypeScript worker in any host (see server/workers/load-ts-entry.mjs).
import { loadTsEntry } from '../../server/workers/load-ts-entry.mjs';

await loadTsEntry(new URL('./watchdog-worker-main.ts', import.meta.url));
