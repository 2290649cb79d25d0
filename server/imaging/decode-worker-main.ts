import { parentPort } from 'node:worker_threads';
import { runDecodeTask, transferable, type DecodeAnswer, type DecodeTask } from './decode-task';

/** What a decode worker receives and answers (one message each way per task). */
export type DecodeRequest = { id: number; task: DecodeTask };
export type DecodeReply = { id: number; value: DecodeAnswer } | { id: number; error: string };

if (!parentPort) throw new Error('decode-worker-main runs on a worker thread (see decode-pool.ts)');
const port = parentPort;

port.on('message', (req: DecodeRequest) => {
  runDecodeTask(req.task).then(
    // The file read here and the encoded files move to the main thread instead of being copied.
    (value) =>
      port.postMessage(
        { id: req.id, value } satisfies DecodeReply,
        'frames' in value ? transferable([value.bytes, ...value.frames.flatMap((f) => [f.preview, f.thumbnail])]) : [],
      ),
    (e: unknown) =>
      port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies DecodeReply),
  );
});
