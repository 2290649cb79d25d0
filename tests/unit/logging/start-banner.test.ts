import { describe, expect, it } from 'vitest';
import { formatStartBanner } from '@/server/start-banner';

describe('the start banner', () => {
  it('boxes the URL, every demo login with the password, the demo project and how to stop', () => {
    const banner = formatStartBanner({
      url: 'http://127.0.0.1:3000',
      creds: {
        password: 'pw-123',
        users: [
          { email: 'lead@neuroloop.local', role: 'LEAD' },
          { email: 'annotator1@neuroloop.local', role: 'ANNOTATOR' },
        ],
        projectSlug: 'ct-hemorrhage-demo',
      },
      showPassword: true,
      dataDir: '/srv/nl',
    });
    const lines = banner.split('\n');
    expect(lines[0]).toMatch(/^┌─+┐$/);
    expect(lines.at(-1)).toMatch(/^└─+┘$/);
    // Every line has the same width, so the box closes on the right.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    const text = lines.map((l) => l.replace(/^[│┌└]\s?|\s*[│┐┘]$/g, '').trim());
    expect(text).toContain('NeuroLoop is running at http://127.0.0.1:3000');
    expect(text).toContain('Demo logins (the same password for all: pw-123)');
    expect(text).toContain('LEAD       lead@neuroloop.local');
    expect(text).toContain('ANNOTATOR  annotator1@neuroloop.local');
    expect(text).toContain('Demo project: http://127.0.0.1:3000/projects/ct-hemorrhage-demo');
    expect(text).toContain('Stop with Ctrl-C.');
  });

  it('off a terminal it says where the password is kept instead of printing it', () => {
    const banner = formatStartBanner({
      url: 'http://127.0.0.1:3000',
      creds: { password: 'pw-123', users: [{ email: 'lead@neuroloop.local', role: 'LEAD' }], projectSlug: 'demo' },
      showPassword: false,
      dataDir: '/srv/nl',
    });
    expect(banner).not.toContain('pw-123');
    expect(banner).toContain('Demo logins (the same password for all: in /srv/nl/demo-credentials.json)');
  });

  it('without demo data it still says where the app is', () => {
    const banner = formatStartBanner({
      url: 'https://neuroloop.example.org',
      creds: null,
      showPassword: true,
      dataDir: '/srv/nl',
    });
    expect(banner).toContain('NeuroLoop is running at https://neuroloop.example.org');
    expect(banner).not.toContain('Demo');
  });
});
