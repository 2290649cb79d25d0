import { describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/auth/client-address';

describe('clientAddress', () => {
  it('is the connection’s own address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.9', '10.1.1.1', [])).toBe('203.0.113.9');
    expect(clientAddress('::ffff:203.0.113.9', undefined, [])).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For from a connection that is not a trusted proxy', () => {
    expect(clientAddress('198.51.100.7', '10.1.1.1', ['10.0.0.2'])).toBe('198.51.100.7');
  });

  it('reads the nearest untrusted hop behind a trusted proxy', () => {
    expect(clientAddress('::ffff:10.0.0.2', '192.0.2.44', ['10.0.0.2'])).toBe('192.0.2.44');
    // The client wrote a forged first hop; the proxy appended the address it saw.
    expect(clientAddress('10.0.0.2', '1.2.3.4, 192.0.2.44', ['10.0.0.2'])).toBe('192.0.2.44');
    // Two proxies in a row, both trusted.
    expect(clientAddress('10.0.0.2', '192.0.2.44, 10.0.0.3', ['10.0.0.2', '10.0.0.3'])).toBe('192.0.2.44');
    expect(clientAddress('10.0.0.2', ['192.0.2.44', '10.0.0.3'], ['10.0.0.2', '10.0.0.3'])).toBe('192.0.2.44');
  });

  it('falls back sensibly when every hop is trusted or the header is empty', () => {
    expect(clientAddress('10.0.0.2', '10.0.0.3', ['10.0.0.2', '10.0.0.3'])).toBe('10.0.0.3');
    expect(clientAddress('10.0.0.2', '', ['10.0.0.2'])).toBe('10.0.0.2');
    expect(clientAddress(undefined, undefined, [])).toBe('unknown');
  });
});
