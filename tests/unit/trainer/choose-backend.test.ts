import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { backendLadder, chooseBackend } from '@/trainer/backend/choose-backend';

describe('backend ladder', () => {
  it('walks tensorflow-gpu, tensorflow, webgpu, wasm, cpu and stops at the first that starts', async () => {
    const warnings: unknown[] = [];
    const infos: string[] = [];
    const logger = createLogger('info');
    logger.warn = ((obj: unknown) => void warnings.push(obj)) as typeof logger.warn;
    logger.info = ((_obj: unknown, msg?: string) => void infos.push(String(msg))) as typeof logger.info;
    const choice = await chooseBackend({ logger, wasmThreads: 2 });
    const ok = choice.attempts.filter((a) => a.ok);
    expect(ok).toHaveLength(1);
    expect(choice.attempts[choice.attempts.length - 1]).toEqual({ backend: choice.name, ok: true });
    // The rungs tried are a prefix of the ladder, in order; each failure carries its reason.
    expect(choice.attempts.map((a) => a.backend)).toEqual(backendLadder.slice(0, choice.attempts.length));
    const failed = choice.attempts.filter((a) => !a.ok);
    for (const f of failed) expect(f.reason).toMatch(/\S/);
    // A native package that is not installed is the expected fall: no warning, one info line that says
    // so; a rung that is installed but fails to start is a warning of its own.
    const absent = failed.filter((a) =>
      /can not be found|Cannot find (module|package)|no GPU device|no WebGPU adapter|is not installed/i.test(
        a.reason ?? '',
      ),
    );
    expect(warnings).toHaveLength(failed.length - absent.length);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatch(/^tfjs backend: \S.*, \d+ threads?/);
    if (absent.some((a) => a.backend === 'webgpu')) expect(infos[0]).toMatch(/; no GPU for WebGPU/);
    if (absent.some((a) => a.backend === 'tensorflow'))
      expect(infos[0]).toMatch(/; native TensorFlow not installed, see README to enable it$/);
    expect(tf.getBackend()).toBe(choice.name === 'tensorflow-gpu' ? 'tensorflow' : choice.name);
    if (choice.name === 'wasm') {
      expect(choice.threads).toBe(2);
      expect(infos[0]).toMatch(/^tfjs backend: WASM, 2 threads, SIMD training kernels/);
    }
    // One choice per process.
    expect(await chooseBackend()).toBe(choice);
  });
});
