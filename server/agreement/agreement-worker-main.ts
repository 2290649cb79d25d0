import { parentPort } from 'node:worker_threads';
import { runAgreementTask, type AgreementAnswer, type AgreementTask } from './agreement-task';

export type AgreementRequest = { id: number; task: AgreementTask };
export type AgreementReply = { id: number; value: AgreementAnswer } | { id: number; error: string };

if (!parentPort) throw new Error('agreement-worker-main runs on a worker thread (see agreement-pool.ts)');
const port = parentPort;

port.on('message', (req: AgreementRequest) => {
  try {
    port.postMessage({ id: req.id, value: runAgreementTask(req.task) } satisfies AgreementReply);
  } catch (e) {
    port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies AgreementReply);
  }
});
