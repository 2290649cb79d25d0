import { randomBytes } from 'node:crypto';
import type { Db } from '@/server/store/handle';
import { insertUserUnlessExists } from '@/server/store/users';

export const IMPORT_IDENTITY_EMAIL = 'imported-labels@neuroloop.local';

/**
 * The author of prior labels that arrive with a dataset: a disabled account that cannot
 * sign in, shown to readers as "Imported labels".
 */
export async function ensureImportIdentity(db: Db): Promise<string> {
  const user = await insertUserUnlessExists(db, {
    email: IMPORT_IDENTITY_EMAIL,
    name: 'Imported labels',
    role: 'ANNOTATOR',
    disabled: true,
    passwordHash: `!disabled:${randomBytes(16).toString('hex')}`,
  });
  return user.id;
}
