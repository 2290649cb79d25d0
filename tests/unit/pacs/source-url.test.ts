import { describe, expect, it } from 'vitest';
import { normalizePacsUrl } from '@/lib/pacs/source-url';
import { checkAddress } from '@/server/pacs/host-guard';
import { openSecret, sealSecret } from '@/server/pacs/source-secret';

describe('a PACS URL', () => {
  it('is http or https with no credentials, query or fragment; the trailing slash goes', () => {
    expect(normalizePacsUrl(' https://pacs.example.org/dicom-web/ ')).toBe('https://pacs.example.org/dicom-web');
    expect(normalizePacsUrl('http://10.0.0.5:8042/dicom-web')).toBe('http://10.0.0.5:8042/dicom-web');
    expect(() => normalizePacsUrl('file:///etc/passwd')).toThrow(/http or https/);
    expect(() => normalizePacsUrl('gopher://x/')).toThrow(/http or https/);
    expect(() => normalizePacsUrl('https://user:pw@pacs.example.org/')).toThrow(/no user name or password/);
    expect(() => normalizePacsUrl('https://pacs.example.org/?a=1')).toThrow(/query/);
    expect(() => normalizePacsUrl('not a url')).toThrow(/not a URL/);
  });
});

describe('the host policy', () => {
  const none = { allowed: [] };
  it('lets public addresses through', () => {
    expect(() => checkAddress(none, 'pacs.example.org', '93.184.216.34')).not.toThrow();
    expect(() => checkAddress(none, 'pacs.example.org', '2606:2800:220:1:248:1893:25c8:1946')).not.toThrow();
  });

  it('refuses loopback, private, link-local (cloud metadata) and mapped addresses unless allowed', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(() => checkAddress(none, 'h', a), a).toThrow(/PACS_ALLOWED_HOSTS/);
  });

  it('allows a listed host name, address or network', () => {
    expect(() => checkAddress({ allowed: ['pacs.hospital.local'] }, 'PACS.hospital.local', '10.1.2.3')).not.toThrow();
    expect(() => checkAddress({ allowed: ['10.1.0.0/16'] }, 'x', '10.1.2.3')).not.toThrow();
    expect(() => checkAddress({ allowed: ['10.1.0.0/16'] }, 'x', '10.2.0.1')).toThrow();
    expect(() => checkAddress({ allowed: ['127.0.0.1'] }, '127.0.0.1', '127.0.0.1')).not.toThrow();
  });
});

describe('a sealed PACS secret', () => {
  const key = Buffer.alloc(32, 1);
  it('opens with the key and the source it was sealed for, and never shows the secret', () => {
    const sealed = sealSecret(key, 'source-a', 'hunter2');
    expect(sealed).not.toContain('hunter2');
    expect(sealed).not.toBe(sealSecret(key, 'source-a', 'hunter2'));
    expect(openSecret(key, 'source-a', sealed)).toBe('hunter2');
  });

  it('refuses another key, another source, or a changed byte', () => {
    const sealed = sealSecret(key, 'source-a', 'hunter2');
    expect(() => openSecret(Buffer.alloc(32, 2), 'source-a', sealed)).toThrow(/enter them again/);
    expect(() => openSecret(key, 'source-b', sealed)).toThrow(/enter them again/);
    const parts = sealed.split('.');
    parts[3] = parts[3].slice(0, -2) + (parts[3].endsWith('AA') ? 'BB' : 'AA');
    expect(() => openSecret(key, 'source-a', parts.join('.'))).toThrow(/enter them again/);
  });
});
