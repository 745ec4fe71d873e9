import type { Field } from '../tableschema/index.ts';
import type { RowProblem } from './ingest.ts';
import type { LiveDataset } from './types.ts';

/** One input of the reporting form, derived from a Table Schema field. */
export interface FormInput {
  name: string;
  label: string;
  help?: string;
  required: boolean;
  kind: 'input' | 'select';
  /** For inputs: the HTML type. */
  type: 'text' | 'number' | 'date' | 'time';
  options?: { value: string; label: string }[];
  attrs: Record<string, string | number>;
}

function constraint(f: Field, name: 'minimum' | 'maximum'): number | string | undefined {
  const v = f.constraints?.[name];
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

/** The inputs of a dataset's form: by type, enums as selects, constraints as attributes. */
export function formInputs(ds: LiveDataset, t: (key: string) => string): FormInput[] {
  return ds.tableSchema.fields.map((f): FormInput => {
    const required = Boolean(f.constraints?.required) || ds.key.includes(f.name);
    const base = { name: f.name, label: f.title || f.name, help: f.description, required, attrs: {} as Record<string, string | number> };
    const en = f.constraints?.enum;
    if (Array.isArray(en)) {
      return { ...base, kind: 'select', type: 'text', options: en.map((v) => ({ value: String(v), label: String(v) })) };
    }
    if (f.type === 'boolean') {
      return {
        ...base,
        kind: 'select',
        type: 'text',
        options: [
          { value: 'true', label: t('live.form.yes') },
          { value: 'false', label: t('live.form.no') },
        ],
      };
    }
    if (f.type === 'integer' || f.type === 'number') {
      const attrs: Record<string, string | number> = { step: f.type === 'integer' ? 1 : 'any', inputmode: f.type === 'integer' ? 'numeric' : 'decimal' };
      const min = constraint(f, 'minimum');
      const max = constraint(f, 'maximum');
      if (min !== undefined) attrs.min = min;
      if (max !== undefined) attrs.max = max;
      // Numbers written with a group or decimal character other than "." must stay text.
      if (f.decimalChar || f.groupChar || f.bareNumber === false) return { ...base, kind: 'input', type: 'text', attrs: {} };
      return { ...base, kind: 'input', type: 'number', attrs };
    }
    if (f.type === 'date' && (!f.format || f.format === 'default')) {
      const attrs: Record<string, string | number> = {};
      const min = constraint(f, 'minimum');
      const max = constraint(f, 'maximum');
      if (min !== undefined) attrs.min = min;
      if (max !== undefined) attrs.max = max;
      return { ...base, kind: 'input', type: 'date', attrs };
    }
    const attrs: Record<string, string | number> = {};
    if (f.type === 'string') {
      if (typeof f.constraints?.pattern === 'string') attrs.pattern = f.constraints.pattern;
      if (typeof f.constraints?.maxLength === 'number') attrs.maxlength = f.constraints.maxLength;
      if (typeof f.constraints?.minLength === 'number') attrs.minlength = f.constraints.minLength;
      if (typeof f.example === 'string') attrs.placeholder = f.example;
    }
    return { ...base, kind: 'input', type: 'text', attrs };
  });
}

/** The object a form submission stands for: empty inputs are absent values. */
export function formRow(ds: LiveDataset, form: FormData): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const f of ds.tableSchema.fields) {
    const v = form.get(f.name);
    if (typeof v === 'string' && v.trim() !== '') row[f.name] = v.trim();
  }
  return row;
}

/** Errors by field, for showing each beside its input. */
export function errorsByField(problems: RowProblem[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of problems) {
    const k = p.field ?? '';
    m.set(k, [...(m.get(k) ?? []), p.message]);
  }
  return m;
}
