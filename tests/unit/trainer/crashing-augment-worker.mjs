// An augmentation worker that says it is ready and dies on its first batch:
// batch-pipeline.test.ts checks that the batch is then augmented in-thread, unchanged.
import process from 'node:process';
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => process.exit(3));
parentPort?.postMessage({ ready: true });
