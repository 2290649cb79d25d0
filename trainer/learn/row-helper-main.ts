import { parentPort } from 'node:worker_threads';
import { objectiveRows } from '@/lib/learn/logistic-regression';
import { CONTROL, DONE, GENERATION, GO, type RowHelperLoad } from './row-helper-protocol';

if (!parentPort) throw new Error('row-helper-main runs on a worker thread (see row-helper.ts)');
const port = parentPort;

/** Serves one load's evaluations until a newer load is announced (then its message is next). */
function serve(m: RowHelperLoad): void {
  const control = new Int32Array(m.control);
  const rows = {
    x: new Float64Array(m.x),
    y: new Int32Array(m.y),
    sw: m.sw ? new Float64Array(m.sw) : undefined,
    wsum: m.wsum,
    d: m.d,
    k: m.k,
  };
  const params = new Float64Array(m.params);
  const result = new Float64Array(m.result);
  const grad = new Float64Array(m.d * m.k + m.k);
  for (;;) {
    if (Atomics.load(control, GENERATION) !== m.generation) return;
    const state = Atomics.load(control, CONTROL);
    if (state !== GO) {
      Atomics.wait(control, CONTROL, state, 1000);
      continue;
    }
    grad.fill(0);
    const loss = objectiveRows(params, rows, 0, m.rows, grad);
    result.set(grad);
    result[grad.length] = loss;
    Atomics.store(control, CONTROL, DONE);
    Atomics.notify(control, CONTROL);
  }
}

port.on('message', (m: RowHelperLoad) => serve(m));
port.postMessage({ ready: true });
