// The publishing form speaks to a person, in the page's language (fr, en, et): its own refusals
// (no file, a file of another kind, too many writes…) through UI keys, and the validation issues
// of a refused file located in words ("cantines.csv, ligne 3, colonne « part_bio » : …"), the
// errors of one value worded from the field's title and constraints by the reporting form's own
// wording (src/live/form-messages.ts). The CKAN API keeps its English messages and its one error
// shape (docs/publishing.md). No Node built-ins: the page imports this module.
import type { ContentIssue } from '../content/issues.ts';
import { fieldMessage, type FormLanguage, type FormMessageKey } from '../live/form-messages.ts';
import type { Field } from '../tableschema/index.ts';

/** The UI keys of the form's messages (each is in every src/i18n/ui/*.json, a test checks parity). */
export type PublishMessageKey =
  | 'publish.msg.noFile'
  | 'publish.msg.fileName'
  | 'publish.msg.cannotCreate'
  | 'publish.msg.notFound'
  | 'publish.msg.denied'
  | 'publish.msg.sameKind'
  | 'publish.msg.rateLimit'
  | 'publish.msg.slugTaken'
  | 'publish.msg.badSlug'
  | 'publish.msg.titleTooLong'
  | 'publish.msg.descriptionTooLong'
  | 'publish.msg.atColumn'
  | 'publish.msg.atLine'
  | 'publish.msg.atField'
  | 'publish.msg.atFieldLine'
  | 'publish.msg.atFile';

/**
 * The longest value of each text parameter of a write (the CKAN API and the form), in characters:
 * a write is metadata, and every page and export that lists the dataset repeats its title, so an
 * oversized field is refused, not stored. CKAN's own limits where it has one (name and tag: 100).
 */
export const FIELD_LIMITS: Record<string, number> = { name: 100, title: 500, notes: 20_000, description: 20_000, license_id: 100, format: 50, frequency: 50, sector: 100, url: 2000 };

/** One refusal of the publishing form, worded by the page in its language (`text`: the API's English). */
export interface FormProblem {
  text: string;
  key?: PublishMessageKey;
  params?: Record<string, string | number>;
  /** A validation issue of the refused change, and the Table Schema field of its column when known. */
  issue?: ContentIssue;
  field?: Field;
}

/** What the page's translator gives (src/site/context.ts): the keys above, and the reporting form's. */
export type PublishLanguage = Omit<FormLanguage, 't'> & { t: (key: PublishMessageKey | FormMessageKey, params?: Record<string, string | number>) => string };

/** Errors of one value, which the reporting form's wording covers. */
const VALUE_CODES = new Set([
  'type-or-format-error',
  'required-constraint',
  'pattern-constraint',
  'enumerable-constraint',
  'minimum-constraint',
  'maximum-constraint',
  'minimum-length-constraint',
  'maximum-length-constraint',
]);

/** One problem of the form in the page's language; what has no wording there keeps the validation's English message, located in words. */
export function formProblemText(p: FormProblem, l: PublishLanguage): string {
  if (p.key) return l.t(p.key, p.params);
  const issue = p.issue;
  if (!issue) return p.text;
  const worded = p.field && issue.code && VALUE_CODES.has(issue.code) ? fieldMessage(p.field, issue.code, issue.value ?? '', l) : undefined;
  const message = worded ?? `${issue.message}${issue.hint ? ` (${issue.hint})` : ''}`;
  const file = issue.file;
  if (issue.column !== undefined && issue.line !== undefined) return l.t('publish.msg.atColumn', { file, line: issue.line, column: issue.column, message });
  if (issue.field !== undefined)
    return issue.line !== undefined ? l.t('publish.msg.atFieldLine', { file, field: issue.field, line: issue.line, message }) : l.t('publish.msg.atField', { file, field: issue.field, message });
  if (issue.line !== undefined) return l.t('publish.msg.atLine', { file, line: issue.line, message });
  return l.t('publish.msg.atFile', { file, message });
}
