import { relativePathProblem } from '../lib/safe-path.ts';
import { z } from 'zod';

// Each segment: not "." or "..", none of \ : * ? " < > | nor a control or line-separator character.
const SEGMENT = String.raw`(?!\.\.?(?:/|$))[^/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u2028\u2029]+`;
const RELATIVE_PATH = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`, 'u');

/** BCP 47 language tag as used in `languages:` and as keys of localised text. */
export const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'is not a BCP 47 language tag such as "fr", "en" or "pt-BR"' });

/**
 * Localised text: either a plain string, in the portal's default language,
 * or a map of language tag to string: `title: {fr: "Lits de réanimation", en: "ICU beds"}`.
 */
export const localizedText = z.union([z.string().min(1, { error: 'must not be empty' }), z.record(languageTag, z.string().min(1, { error: 'must not be empty' }))], {
  error: 'expected text, or a map of language to text such as {fr: "…", en: "…"}',
});

export type LocalizedText = z.infer<typeof localizedText>;

export const isoDate = z.string({ error: 'expected a date written YYYY-MM-DD' }).regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'expected a date written YYYY-MM-DD' });

/**
 * A path inside the content folder: relative, "/" between folders, no "..", no control
 * characters. The pattern is what editors check (schemas/*.json); the message comes from the
 * one path check (src/lib/safe-path.ts), which loading applies again to the real file.
 */
export const relativePath = z
  .string()
  .min(1)
  .max(1024)
  .regex(RELATIVE_PATH, {
    error: (issue) =>
      `${typeof issue.input === 'string' ? (relativePathProblem(issue.input) ?? 'is not a safe relative path') : 'must be a relative path'} (a path inside the content folder, such as data/file.csv)`,
  });

/**
 * The address of a file hosted elsewhere: http(s) only (no `javascript:`, `data:` or `file:`),
 * and no user name or password in it (an address in dataset.yaml is public: it is listed on the
 * page and in every export).
 */
export const linkUrl = z
  .url({ protocol: /^https?$/, error: 'must be a web address starting with https:// (or http://), such as https://example.org/data.csv' })
  .refine(
    (u) => {
      try {
        const parsed = new URL(u);
        return !parsed.username && !parsed.password;
      } catch {
        return true;
      }
    },
    { error: 'must not hold a user name or password (https://user:password@…): the address is published on the page and in every export' },
  )
  .meta({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' });

/** A web address: only http(s), so no `javascript:`, `data:` or `vbscript:` link reaches a page or an export. */
export const httpUrl = (what: string) => z.url({ protocol: /^https?$/, error: `must be a web address starting with https:// (or http://): ${what}` }).meta({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' });
