import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@/lib/errors/app-error';

/**
 * A source's password or token, sealed with AES-256-GCM under the installation's PACS key
 * (server/secret.ts). The source id is bound in as associated data, so a sealed secret
 * copied onto another source does not open. Format: v1.<iv>.<tag>.<ciphertext> (base64url).
 */
export function sealSecret(key: Buffer, sourceId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(sourceId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function openSecret(key: Buffer, sourceId: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  try {
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(sourceId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError({
      code: 'CONFLICT',
      message:
        "This source's stored credentials cannot be opened with this installation's PACS key (was PACS_SECRET_KEY or .data/pacs-secret-key changed?); enter them again.",
    });
  }
}
