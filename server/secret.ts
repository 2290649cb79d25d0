import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** NEXTAUTH_SECRET when configured, else one generated per installation and kept in the data dir. */
export function ensureAuthSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'nextauth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * The key that encrypts PACS passwords and tokens at rest: PACS_SECRET_KEY (base64, 32 bytes)
 * when configured, else one generated per installation and kept beside the session secret.
 * Losing it loses the stored secrets (sources then need their credentials again), not the data.
 */
export function ensurePacsSecretKey(dataDir: string, configured?: string): Buffer {
  if (configured) return decodeKey(configured, 'PACS_SECRET_KEY');
  const file = path.join(dataDir, 'pacs-secret-key');
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8').trim(), file);
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return key;
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes in base64 (openssl rand -base64 32)`);
  return key;
}
