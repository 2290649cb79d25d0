import path from 'node:path';
import type { DemoCredentials } from './demo-credentials';

/**
 * What `npm start` shows a person last: where to go, how to sign in, how to stop. Boxed. The
 * demo password is shown only when `showPassword` (a terminal); otherwise where it is kept.
 */
export function formatStartBanner(opts: {
  url: string;
  creds: DemoCredentials | null;
  showPassword: boolean;
  dataDir: string;
}): string {
  const { url, creds } = opts;
  const lines = [`NeuroLoop is running at ${url}`];
  if (creds) {
    const password = opts.showPassword ? creds.password : `in ${path.join(opts.dataDir, 'demo-credentials.json')}`;
    lines.push('', `Demo logins (the same password for all: ${password})`);
    for (const u of creds.users) lines.push(`  ${u.role.padEnd(10)} ${u.email}`);
    lines.push(`Demo project: ${url}/projects/${creds.projectSlug}`);
  }
  lines.push('', 'Stop with Ctrl-C.');
  const width = Math.max(...lines.map((l) => l.length));
  return [
    `┌${'─'.repeat(width + 4)}┐`,
    ...lines.map((l) => `│  ${l.padEnd(width)}  │`),
    `└${'─'.repeat(width + 4)}┘`,
  ].join('\n');
}
