import { parentPort } from 'node:worker_threads';
import { augmentExamples, type AugmentParams } from './augment';

/** What the augmentation worker receives and answers; 'ready' is sent once, when loaded. */
export type AugmentRequest = {
  id: number;
  data: Float32Array;
  shape: [number, number, number, number];
  params: AugmentParams;
};
export type AugmentReply = { ready: true } | { id: number; data: Float32Array } | { id: number; error: string };

if (!parentPort) throw new Error('augment-worker-main runs on a worker thread (see augment-worker-pool.ts)');
const port = parentPort;

port.on('message', (req: AugmentRequest) => {
  try {
    const data = augmentExamples(req.data, req.shape, req.params);
    port.postMessage({ id: req.id, data } satisfies AugmentReply, [data.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies AugmentReply);
  }
});
port.postMessage({ ready: true } satisfies AugmentReply);
