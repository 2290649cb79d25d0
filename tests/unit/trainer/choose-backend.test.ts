import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { backendLadder, chooseBackend } from '@/trainer/backend/choose-backend';

describe('backend ladder', () => {
  it('walks tensorflow-gpu, tensorflow, wasm, cpu and stops at the first that starts', async () => {
    const warnings: unknown[] = [];
    const logger = createLogger('warn');
    logger.warn = ((obj: unknown) => void warnings.push(obj)) as typeof logger.warn;
    const choice = await chooseBackend({ logger, wasmThreads: 2 });
    const ok = choice.attempts.filter((a) => a.ok);
    expect(ok).toHaveLength(1);
    expect(choice.attempts[choice.attempts.length - 1]).toEqual({ backend: choice.name, ok: true });
    // The rungs tried are a prefix of the ladder, in order; each failure carries its reason and was logged.
    expect(choice.attempts.map((a) => a.backend)).toEqual(backendLadder.slice(0, choice.attempts.length));
    for (const failed of choice.attempts.filter((a) => !a.ok)) expect(failed.reason).toMatch(/\S/);
    expect(warnings).toHaveLength(choice.attempts.length - 1);
    expect(tf.getBackend()).toBe(choice.name === 'tensorflow-gpu' ? 'tensorflow' : choice.name);
    if (choice.name === 'wasm') expect(choice.threads).toBe(2);
    // One choice per process.
    expect(await chooseBackend()).toBe(choice);
  });
});
