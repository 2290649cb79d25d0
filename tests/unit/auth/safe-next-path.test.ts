import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/auth/safe-next-path';

describe('safeNextPath', () => {
  it('keeps a path on this site with its query and fragment', () => {
    expect(safeNextPath('/projects/demo/scans?filter=unread#top')).toBe('/projects/demo/scans?filter=unread#top');
    expect(safeNextPath('/projects/demo/scans/abc')).toBe('/projects/demo/scans/abc');
    expect(safeNextPath('/a//b')).toBe('/a//b');
  });

  it('falls back to / when there is nothing to follow', () => {
    expect(safeNextPath(undefined)).toBe('/');
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('')).toBe('/');
  });

  it.each([
    ['protocol-relative', '//evil.example/login'],
    ['backslash, as /%5C decodes to', '/\\evil.example/login'],
    ['slash backslash slash', '/\\/evil.example'],
    ['a tab the browser drops', '/\t/evil.example'],
    ['a newline the browser drops', '/\n/evil.example'],
    ['dot segments that normalise to //', '/.//evil.example'],
    ['parent segments that normalise to //', '/a/..//evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'evil.example'],
    ['an overlong value', `/${'a'.repeat(5000)}`],
  ])('refuses %s', (_what, next) => {
    const safe = safeNextPath(next);
    expect(safe).toBe('/');
    expect(new URL(safe, 'https://neuroloop.example').origin).toBe('https://neuroloop.example');
  });

  it('keeps encoded slashes encoded (they stay one path segment)', () => {
    expect(safeNextPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(new URL(safeNextPath('/%2F%2Fevil.example'), 'https://neuroloop.example').host).toBe('neuroloop.example');
  });
});
