// A decode worker that dies on one file name and is the real worker for every other file:
// decode-pool.test.ts checks that a worker's death refuses only the file it held.
import process from 'node:process';
import { parentPort } from 'node:worker_threads';

// After the real worker's listener (listening first would let the first messages pass it by);
// the real one only starts reading the file in this turn, so the exit comes before its answer.
await import('../../../server/imaging/decode-worker.mjs');
parentPort?.on('message', (req) => {
  if (req.task.kind === 'prepare' && req.task.input.name === 'kills-its-worker.dcm') process.exit(7);
});
