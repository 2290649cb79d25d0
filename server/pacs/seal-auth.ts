import type { PacsAuthInput } from '@/lib/pacs/source-schema';
import { sealSecret } from './source-secret';

/** The columns that store a source's authentication (the secret sealed for this source). */
export function sealAuth(
  key: Buffer,
  sourceId: string,
  auth: PacsAuthInput,
): { auth: 'NONE' | 'BASIC' | 'BEARER'; username: string | null; secretCiphertext: string | null } {
  switch (auth.kind) {
    case 'none':
      return { auth: 'NONE', username: null, secretCiphertext: null };
    case 'basic':
      return { auth: 'BASIC', username: auth.username, secretCiphertext: sealSecret(key, sourceId, auth.password) };
    case 'bearer':
      return { auth: 'BEARER', username: null, secretCiphertext: sealSecret(key, sourceId, auth.token) };
  }
}
