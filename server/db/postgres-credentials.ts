import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Role names of the embedded PostgreSQL (DATABASE_URL installations bring their own). */
export const OWNER_ROLE = 'neuroloop_owner';
export const APP_ROLE = 'neuroloop_app';
export const SUPERUSER = 'postgres';
/** The superuser password every installation before per-installation passwords shared. */
export const LEGACY_SUPERUSER_PASSWORD = 'neuroloop-local';

const credentialsSchema = z.object({
  superuser: z.string().min(16),
  owner: z.string().min(16),
  app: z.string().min(16),
  /** The superuser password initdb read from a temporary file: replaced once the server runs. */
  initial: z.boolean().optional(),
});
export type PostgresCredentials = z.infer<typeof credentialsSchema>;

/** Kept beside the data directory (which, as root, belongs to the postgres user), mode 0600. */
export function credentialsFile(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}-credentials.json`);
}

export function loadPostgresCredentials(dataDir: string): PostgresCredentials | null {
  const file = credentialsFile(dataDir);
  if (!existsSync(file)) return null;
  return credentialsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function newPostgresPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** Random passwords for the three roles, written 0600 before any of them is used. */
export function createPostgresCredentials(dataDir: string, extra: { initial?: boolean } = {}): PostgresCredentials {
  const creds = {
    superuser: newPostgresPassword(),
    owner: newPostgresPassword(),
    app: newPostgresPassword(),
    ...extra,
  };
  savePostgresCredentials(dataDir, creds);
  return creds;
}

export function savePostgresCredentials(dataDir: string, creds: PostgresCredentials): void {
  const file = credentialsFile(dataDir);
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function roleUrl(port: number, user: string, password: string, database = 'postgres'): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}
