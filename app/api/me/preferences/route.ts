import { updateReaderPreferencesSchema } from '@/lib/schemas/preferences';
import { readJson, route } from '@/server/http/route';
import { getReaderPreferences } from '@/server/use-cases/get-reader-preferences';
import { updateReaderPreferences } from '@/server/use-cases/update-reader-preferences';

/** The signed-in reader's own settings (auto-advance on the labelling page). */
export const GET = route({}, async ({ services, user }) => getReaderPreferences(services.db, user.id));

export const PATCH = route({}, async ({ req, services, user }) => {
  const change = updateReaderPreferencesSchema.parse(await readJson(req));
  return updateReaderPreferences(services.db, user.id, change);
});
