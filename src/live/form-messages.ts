// The reporting form speaks to a person, in the page's language: every problem is written from
// the field's title, description and example value, never from the Table Schema's machinery (a
// raw pattern such as [0-9]{2}[0-9AB][0-9]{6} means nothing to a hospital's staff). The rows API
// keeps its English, technical messages for programs (src/live/ingest.ts).
import type { Operator } from '../config/rules.ts';
import type { Field } from '../tableschema/index.ts';
import type { Jump } from './jumps.ts';
import type { Implausible } from './plausibility.ts';
import { schemaOf } from './ingest.ts';
import type { RowProblem } from './problems.ts';
import type { LiveDataset } from './types.ts';

type TypeKind = 'integer' | 'number' | 'date' | 'datetime' | 'time' | 'boolean' | 'other';
/** The UI keys these messages use (each is in every src/i18n/ui/*.json, a test checks parity). */
export type FormMessageKey =
  | 'live.form.yes'
  | 'live.form.no'
  | 'live.msg.example'
  | 'live.msg.required'
  | 'live.msg.pattern'
  | 'live.msg.enum'
  | 'live.msg.minimum'
  | 'live.msg.maximum'
  | 'live.msg.minLength'
  | 'live.msg.maxLength'
  | `live.msg.type.${TypeKind}`
  | 'live.msg.future'
  | 'live.msg.jump'
  | 'live.msg.beforeStart'
  | 'live.msg.rule'
  | 'live.msg.ruleNumber'
  | `live.msg.op.${OpName}`;
type OpName = 'le' | 'lt' | 'ge' | 'gt' | 'eq' | 'ne';
const OP_NAMES: Record<Operator, OpName> = { '<=': 'le', '<': 'lt', '>=': 'ge', '>': 'gt', '=': 'eq', '!=': 'ne' };

/** What the form needs of the page's translator (src/i18n): structural, so live/ does not import i18n. */
export interface FormLanguage {
  lang: string;
  t: (key: FormMessageKey, params?: Record<string, string | number>) => string;
  number: (n: number) => string;
  /** An ISO date (YYYY-MM-DD) as written in the language. */
  date: (iso: string, style?: 'long' | 'medium' | 'short') => string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value of a field as a reader of the language writes it: dates and numbers formatted, text as is. */
export function shownValue(value: unknown, field: Field | undefined, l: FormLanguage): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number' && Number.isFinite(value)) return field && isCode(field) ? String(value) : l.number(value);
  if (typeof value === 'string' && field?.type === 'date' && ISO_DATE.test(value)) return l.date(value, 'long');
  if (typeof value === 'boolean') return l.t(value ? 'live.form.yes' : 'live.form.no');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// Identifiers are written without digit grouping.
const isCode = (f: Field) => f.type === 'string' || Array.isArray(f.constraints?.enum);

/** A server time (UTC ISO) as the reader's language writes a date and time, in UTC. */
export function shownTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));
}

/** " Example: 750712184." from the field's example, when it has one. */
function example(f: Field, l: FormLanguage): string {
  const ex = (f as { example?: unknown }).example;
  return ex === undefined || ex === null || ex === '' ? '' : ` ${l.t('live.msg.example', { example: shownValue(ex, f, l) })}`;
}

/** The field's own description, as the publisher wrote it, when it has one. */
function described(f: Field): string {
  const d = f.description?.trim();
  return d ? ` ${/[.!?]$/.test(d) ? d : `${d}.`}` : '';
}

/** One problem of one field, for a person: what to enter, from the field's title, description and example. */
export function fieldMessage(f: Field, code: string, raw: unknown, l: FormLanguage): string {
  const label = f.title || f.name;
  const value = raw === null || raw === undefined ? '' : String(raw);
  const c = f.constraints ?? {};
  const bound = (v: unknown) => (typeof v === 'number' ? l.number(v) : typeof v === 'string' && f.type === 'date' && ISO_DATE.test(v) ? l.date(v, 'long') : String(v));
  switch (code) {
    case 'required-constraint':
    case 'key-empty':
      return l.t('live.msg.required', { label }) + described(f) + example(f, l);
    case 'pattern-constraint':
      return l.t('live.msg.pattern', { label, value }) + described(f) + example(f, l);
    case 'enumerable-constraint': {
      const options = (Array.isArray(c.enum) ? c.enum : []).map(String).join(', ');
      return l.t('live.msg.enum', { label, options });
    }
    case 'minimum-constraint':
      return l.t('live.msg.minimum', { label, min: bound(c.minimum ?? c.exclusiveMinimum) });
    case 'maximum-constraint':
      return l.t('live.msg.maximum', { label, max: bound(c.maximum ?? c.exclusiveMaximum) });
    case 'minimum-length-constraint':
      return l.t('live.msg.minLength', { label, count: Number(c.minLength) });
    case 'maximum-length-constraint':
      return l.t('live.msg.maxLength', { label, count: Number(c.maxLength) });
    default: {
      const kind = (['integer', 'number', 'date', 'boolean', 'datetime', 'time'].includes(f.type) ? f.type : 'other') as TypeKind;
      return l.t(`live.msg.type.${kind}`, { label, value }) + example(f, l);
    }
  }
}

/**
 * The problems of one form submission, in the page's language: the same checks as the API
 * (validateObject, key fields not empty), worded for a person. `values` are the submitted ones.
 */
export function formProblems(ds: LiveDataset, values: Record<string, unknown>, l: FormLanguage): RowProblem[] {
  const schema = schemaOf(ds);
  const byName = new Map(schema.fields.map((f) => [f.name, f]));
  const result = schema.validateObject(values);
  const problems: RowProblem[] = [];
  for (const e of result.errors) {
    const f = byName.get(e.field);
    problems.push({ row: 1, field: e.field, message: f ? fieldMessage(f, e.code, values[e.field], l) : e.message });
  }
  for (const k of ds.key) {
    if ((result.row[k] === null || result.row[k] === undefined) && !result.errors.some((e) => e.field === k)) {
      problems.push({ row: 1, field: k, message: fieldMessage(byName.get(k)!, 'key-empty', null, l) });
    }
  }
  return problems;
}

/** An implausible row (src/live/plausibility.ts), for a person: dates written in the language, fields by their title. */
export function implausibleFormMessage(ds: LiveDataset, x: Implausible, l: FormLanguage): string {
  const field = (name: string) => ds.tableSchema.fields.find((f) => f.name === name);
  const label = (name: string) => field(name)?.title || name;
  switch (x.kind) {
    case 'future':
      return l.t('live.msg.future', { label: label(x.field), latest: l.date(x.latest, 'long') });
    case 'before-start':
      return l.t('live.msg.beforeStart', { label: label(x.field), start: l.date(x.start, 'long') });
    case 'rule': {
      const op = l.t(`live.msg.op.${OP_NAMES[x.rule.op]}`);
      const a = shownValue(x.left, field(x.rule.left), l);
      if (typeof x.rule.right === 'number') return l.t('live.msg.ruleNumber', { left: label(x.rule.left), a, op, b: shownValue(x.rule.right, undefined, l) });
      return l.t('live.msg.rule', { left: label(x.rule.left), a, op, right: label(x.rule.right), b: shownValue(x.right, field(x.rule.right), l) });
    }
  }
}

/** A jump to confirm (src/live/jumps.ts), for a person: the field's title, the previous figure and its date, the factor. */
export function jumpFormMessage(ds: LiveDataset, j: Jump, l: FormLanguage): string {
  const f = ds.tableSchema.fields.find((x) => x.name === j.field);
  const date = ISO_DATE.test(j.previousDate) ? l.date(j.previousDate, 'long') : j.previousDate;
  return l.t('live.msg.jump', { label: f?.title || j.field, value: shownValue(j.value, f, l), previous: shownValue(j.previous, f, l), date, factor: l.number(j.factor) });
}
