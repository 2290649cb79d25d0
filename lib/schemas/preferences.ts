import { z } from 'zod';

/** A reader's own settings, kept on the server so they follow them from browser to browser. */
export const readerPreferencesSchema = z.object({
  /** The labelling page moves on to the next scan after each read. */
  autoAdvance: z.boolean(),
});
export type ReaderPreferences = z.infer<typeof readerPreferencesSchema>;

/** A change of some of them; at least one must be given. */
export const updateReaderPreferencesSchema = readerPreferencesSchema
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'Give at least one preference to change.' });
