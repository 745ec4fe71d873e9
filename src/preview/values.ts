// Values as people read them: a year is "2021", not "2 021"; a département code or an
// establishment number is written as in the file; "moderee" reads "modérée" and sex 0/1/2 reads
// "Ensemble"/"Hommes"/"Femmes"; a number carries its unit. Pure functions of the Table Schema,
// the dataset's display settings (dataset.yaml `resources[].fields`) and the page's language,
// shared by the table preview, the statistics, chart legends and filters. Column titles too:
// a Table Schema `title` has one language, dataset.yaml's `fields.<name>.title` has each.
//
// The identifier rule (documented in docs/preview.md): a number is shown as written, without
// digit grouping, when the field is of type `year`, or is an integer or number field that the
// schema marks as identifying or coding something: part of the `primaryKey`, part of a
// `foreignKeys` entry, `constraints.unique`, or with `categories` or `constraints.enum`. A name
// such as `id` or `code_*` is not enough (names lie: `nb_id_verifiees` is a count); a schema
// that cannot be edited says it in dataset.yaml (`identifier: true`, or `false` to overrule).
import type { FieldDisplayConfig } from '../config/dataset.ts';
import type { LocalizedText } from '../config/localized.ts';
import type { Translator } from '../i18n/index.ts';
import { categoriesOf, type Field, type TableSchema } from '../tableschema/index.ts';
import { formatValue } from './present.ts';

type Tr = Pick<Translator, 't' | 'number' | 'date' | 'lang'>;
/** Localised text in the page's language (PageContext.text). */
export type TextOf = (text: LocalizedText | undefined) => string;

/** How one field's values read in one language. */
export interface FieldReading {
  name: string;
  type: string;
  /** The field's title in the page's language: dataset.yaml's, else the Table Schema's (one language), else undefined. */
  title?: string;
  /** Shown as written: years, codes and identifiers never get digit grouping. */
  verbatim: boolean;
  /** Shown next to numbers. */
  unit?: string;
  /** Value as written (String(value)) → label. */
  labels: ReadonlyMap<string, string>;
}

const NUMERIC = new Set(['integer', 'number']);

/** Whether the numbers of a field are identifiers or codes (see the rule above). */
export function isIdentifier(field: Field, schema: Pick<TableSchema, 'primaryKey' | 'foreignKeys'>, display?: FieldDisplayConfig): boolean {
  if (field.type === 'year') return true;
  if (!NUMERIC.has(field.type)) return false;
  if (display?.identifier !== undefined) return display.identifier;
  if (schema.primaryKey?.includes(field.name)) return true;
  if (schema.foreignKeys?.some((fk) => fk.fields.includes(field.name))) return true;
  if (field.constraints?.unique === true) return true;
  return categoriesOf(field) !== undefined || Array.isArray(field.constraints?.enum);
}

/** Labels of a field's values: the Table Schema `categories` labels, then dataset.yaml's, which win. */
export function valueLabels(field: Field, text: TextOf, display?: FieldDisplayConfig): Map<string, string> {
  const labels = new Map<string, string>();
  for (const c of categoriesOf(field) ?? []) if (c.label !== undefined) labels.set(String(c.value), c.label);
  for (const [value, label] of Object.entries(display?.labels ?? {})) labels.set(value, text(label));
  return labels;
}

/** How a field reads: its title, verbatim or grouped, its unit, its labels. */
export function readingOf(field: Field, schema: Pick<TableSchema, 'primaryKey' | 'foreignKeys'>, text: TextOf, display?: FieldDisplayConfig): FieldReading {
  const unit = display?.unit !== undefined ? text(display.unit) : typeof field.unit === 'string' && field.unit ? field.unit : undefined;
  const title = display?.title !== undefined ? text(display.title) : field.title || undefined;
  return { name: field.name, type: field.type, ...(title ? { title } : {}), verbatim: isIdentifier(field, schema, display), unit, labels: valueLabels(field, text, display) };
}

/** What a column is called on a page: its title in the page's language, else its name. */
export function titleOf(name: string, r: FieldReading | undefined): string {
  return r?.title ?? name;
}

/** Every field of a schema, by name. */
export function readingsOf(schema: TableSchema, text: TextOf, display: Record<string, FieldDisplayConfig> = {}): Map<string, FieldReading> {
  return new Map(schema.fields.map((f) => [f.name, readingOf(f, schema, text, display[f.name])]));
}

/** A number followed by its unit: a no-break space, and French typography for "%" (12,5 %; 12.5%). */
export function withUnit(text: string, unit: string | undefined, lang: string): string {
  if (!unit) return text;
  if (unit === '%') return lang === 'fr' || lang.startsWith('fr-') ? `${text}\u202f%` : `${text}%`;
  return `${text}\u00a0${unit}`;
}

export interface ReadOptions {
  /** Append the unit to numbers (off in a table whose header already names it). */
  unit?: boolean;
  maximumFractionDigits?: number;
}

/** One value as text: its label, or the value written as is, or grouped with its unit. */
export function readValue(value: unknown, r: FieldReading | undefined, tr: Tr, options: ReadOptions = {}): string {
  if (value === null || value === undefined) return '';
  if (!r) return formatValue(value, 'string', tr);
  const label = r.labels.get(String(value));
  if (label !== undefined) return label;
  if (typeof value === 'number' && (NUMERIC.has(r.type) || r.type === 'year')) {
    if (r.verbatim) return String(value);
    const text = tr.number(value, { maximumFractionDigits: options.maximumFractionDigits ?? 6 });
    return options.unit ? withUnit(text, r.unit, tr.lang) : text;
  }
  return formatValue(value, r.type, tr);
}

/** A column heading with its unit: "Lits occupés (lits)". */
export function headingOf(title: string, r: FieldReading | undefined): string {
  return r?.unit ? `${title} (${r.unit})` : title;
}
