import { describe, expect, it } from 'vitest';
import { checkSameOrigin } from '@/lib/auth/same-origin';

const base = { origin: null, secFetchSite: null, host: '127.0.0.1:3000' };

describe('checkSameOrigin', () => {
  it('accepts the app’s own pages', () => {
    expect(checkSameOrigin({ ...base, origin: 'http://127.0.0.1:3000', secFetchSite: 'same-origin' })).toEqual({
      ok: true,
    });
    expect(checkSameOrigin({ ...base, origin: 'http://LOCALHOST:3000', host: 'localhost:3000' })).toEqual({ ok: true });
  });

  it('accepts the configured public origin behind a proxy that rewrites Host', () => {
    expect(
      checkSameOrigin({
        ...base,
        origin: 'https://neuroloop.example',
        publicOrigin: 'https://neuroloop.example/',
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a page on another port of the same host', () => {
    const verdict = checkSameOrigin({ ...base, origin: 'http://127.0.0.1:8080', secFetchSite: 'same-site' });
    expect(verdict).toEqual({ ok: false, reason: 'Requests from http://127.0.0.1:8080 are not accepted.' });
  });

  it('refuses another host, an opaque origin and a malformed one', () => {
    expect(checkSameOrigin({ ...base, origin: 'https://evil.example' }).ok).toBe(false);
    expect(checkSameOrigin({ ...base, origin: 'null' }).ok).toBe(false);
    expect(checkSameOrigin({ ...base, origin: 'not a url' }).ok).toBe(false);
    expect(checkSameOrigin({ ...base, origin: 'file:///etc/passwd' }).ok).toBe(false);
    expect(checkSameOrigin({ ...base, origin: 'http://127.0.0.1:3000', host: null }).ok).toBe(false);
  });

  it('refuses a cross-site browser request that omits Origin', () => {
    expect(checkSameOrigin({ ...base, secFetchSite: 'cross-site' }).ok).toBe(false);
    expect(checkSameOrigin({ ...base, secFetchSite: 'same-site' }).ok).toBe(false);
  });

  it('lets a program (no Origin, no Sec-Fetch-Site) through', () => {
    expect(checkSameOrigin(base)).toEqual({ ok: true });
    expect(checkSameOrigin({ ...base, secFetchSite: 'none' })).toEqual({ ok: true });
  });
});
