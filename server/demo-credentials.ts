import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const demoCredentialsSchema = z.object({
  password: z.string(),
  users: z.array(z.object({ email: z.string(), role: z.string() })),
  projectSlug: z.string(),
});
export type DemoCredentials = z.infer<typeof demoCredentialsSchema>;

/** The demo password is random per installation; kept (0600) so `npm start` can print it again. */
export function saveDemoCredentials(dataDir: string, creds: DemoCredentials): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo-credentials.json');
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function loadDemoCredentials(dataDir: string): DemoCredentials | null {
  const file = path.join(dataDir, 'demo-credentials.json');
  if (!existsSync(file)) return null;
  const parsed = demoCredentialsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/**
 * The demo logins for a terminal. Where output is not a terminal (a log file, a pipe) the
 * password is left out: it is in the 0600 credentials file, never in a log.
 */
export function formatDemoCredentials(c: DemoCredentials, opts: { showPassword: boolean; dataDir: string }): string {
  const password = opts.showPassword
    ? `password for all: ${c.password}`
    : `password for all: in ${path.join(opts.dataDir, 'demo-credentials.json')}`;
  return [
    `Demo logins (${password})`,
    ...c.users.map((u) => `  ${u.role.padEnd(10)} ${u.email}`),
    `Demo project: /projects/${c.projectSlug}`,
  ].join('\n');
}
