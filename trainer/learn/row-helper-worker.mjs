// Entry of the logistic-regression row helper (trainer/learn/row-helper.ts): plain JavaScript that
// loads the TypeScript worker in any host (see server/workers/load-ts-entry.mjs).
import { loadTsEntry } from '../../server/workers/load-ts-entry.mjs';

await loadTsEntry(new URL('./row-helper-main.ts', import.meta.url));
