import { z } from 'zod';

/** BCP 47 language tag as used in `languages:` and as keys of localised text. */
export const languageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'is not a BCP 47 language tag such as "fr", "en" or "pt-BR"' });

/**
 * Localised text: either a plain string, in the portal's default language,
 * or a map of language tag to string: `title: {fr: "Lits de réanimation", en: "ICU beds"}`.
 */
export const localizedText = z.union(
  [z.string().min(1, { error: 'must not be empty' }), z.record(languageTag, z.string().min(1, { error: 'must not be empty' }))],
  { error: 'expected text, or a map of language to text such as {fr: "…", en: "…"}' },
);

export type LocalizedText = z.infer<typeof localizedText>;

export const isoDate = z
  .string({ error: 'expected a date written YYYY-MM-DD' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'expected a date written YYYY-MM-DD' });

/** A path inside the content folder: relative, no `..`, no absolute paths, no backslashes. */
export const relativePath = z
  .string()
  .min(1)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\\:*?"<>|]+$/, {
    error: 'must be a relative path inside the content folder (no "..", no leading "/")',
  });
