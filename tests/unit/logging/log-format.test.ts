import { describe, expect, it } from 'vitest';
import { formatLogLine } from '@/server/log-format';

const at = new Date(2026, 0, 2, 9, 5, 7).getTime();
const record = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, time: at, pid: 42, hostname: 'h', name: 'trainer', msg: 'hello', ...fields });

describe('terminal log lines', () => {
  it('prints time, level, logger name, message and the other fields as key=value', () => {
    const line = formatLogLine(record({ trainingJobId: 'j1', epoch: 3, loss: 0.25 }), { color: false });
    expect(line).toBe('09:05:07 INFO  trainer hello trainingJobId=j1 epoch=3 loss=0.25\n');
  });

  it('quotes strings with spaces and prints objects as JSON', () => {
    const line = formatLogLine(record({ reason: 'not found', counts: { a: 1 } }), { color: false });
    expect(line).toBe('09:05:07 INFO  trainer hello reason="not found" counts={"a":1}\n');
  });

  it("prints an error's message, and its stack only at level error and above", () => {
    const err = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:1)' };
    expect(formatLogLine(record({ level: 40, err }), { color: false })).toBe('09:05:07 WARN  trainer hello err=boom\n');
    expect(formatLogLine(record({ level: 50, err }), { color: false })).toBe(
      '09:05:07 ERROR trainer hello err=boom\n    Error: boom\n        at x (y.ts:1:1)\n',
    );
  });

  it('colours only when asked, and passes a line that is not JSON through unchanged', () => {
    expect(formatLogLine(record({}), { color: true })).toContain('\x1b[32mINFO \x1b[0m');
    expect(formatLogLine(record({}), { color: false })).not.toContain('\x1b[');
    expect(formatLogLine('plain text', { color: true })).toBe('plain text\n');
  });
});
