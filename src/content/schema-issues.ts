import type { z } from 'zod';
import { didYouMean } from './hints.ts';
import type { ContentIssue } from './issues.ts';
import { fieldPath, type PathSegment, type SourceFile } from './source-file.ts';

type ZodIssue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** Unwrap optional/default/nullable wrappers to reach the schema that has a shape. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const def = s._zod.def as { type: string; innerType?: AnySchema };
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault' || def.type === 'pipe') && def.innerType) s = def.innerType;
    else return s;
  }
}

/** The field names an object at `path` accepts, for "did you mean" hints on unknown fields. */
export function knownKeysAt(schema: AnySchema, path: readonly PathSegment[]): string[] {
  let candidates: AnySchema[] = [schema];
  for (const seg of path) {
    const next: AnySchema[] = [];
    for (const c of candidates.map(unwrap)) {
      const def = c._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema; options?: AnySchema[] };
      const options = def.type === 'union' && def.options ? def.options.map(unwrap) : [c];
      for (const o of options) {
        const d = o._zod.def as typeof def;
        if (typeof seg === 'number' && d.type === 'array' && d.element) next.push(d.element);
        if (typeof seg === 'string' && d.type === 'object' && d.shape?.[seg]) next.push(d.shape[seg]);
      }
    }
    candidates = next;
  }
  const keys = new Set<string>();
  for (const c of candidates.map(unwrap)) {
    const def = c._zod.def as { type: string; shape?: Record<string, unknown>; options?: AnySchema[] };
    const options = def.type === 'union' && def.options ? def.options.map(unwrap) : [c];
    for (const o of options) {
      const d = o._zod.def as typeof def;
      if (d.type === 'object' && d.shape) for (const k of Object.keys(d.shape)) keys.add(k);
    }
  }
  return [...keys];
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  // Control and line-separator characters are shown escaped: printed raw they would split the
  // message across lines or hide the part of the value that is wrong.
  if (typeof value === 'string') return `"${value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a map of fields';
}

const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;
const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of fields',
  record: 'a map of fields',
};

function describeIssue(issue: ZodIssue, key: string | undefined): { message: string; hint?: string } {
  const input = (issue as { input?: unknown }).input;
  const custom = !ZOD_DEFAULT.test(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return { message: 'is required' };
      if (custom) return { message: `${show(input)}: ${issue.message}`.replace(/^(a list|a map of fields|\d+|true|false|an empty value): /, '$1 is not allowed here: ') };
      return { message: `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${show(input)}` };
    case 'invalid_value': {
      const values = issue.values.map(String);
      return {
        message: `${show(input)} is not one of ${values.join(', ')}`,
        hint: typeof input === 'string' ? didYouMean(input, values, key ? (c) => `\`${key}: ${c}\`` : undefined) : undefined,
      };
    }
    case 'invalid_union':
      if (input === undefined) return { message: 'is required' };
      return { message: custom ? issue.message : `${show(input)} is not allowed here` };
    case 'too_small':
      if (custom) return { message: issue.message };
      if (issue.origin === 'array') return { message: `must list at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}` };
      if (issue.origin === 'string') return { message: Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long` };
      return { message: `must be at least ${issue.minimum}` };
    case 'too_big':
      if (custom) return { message: issue.message };
      if (issue.origin === 'string') return { message: `${show(input)} must be at most ${issue.maximum} characters long` };
      return { message: `must be at most ${issue.maximum}` };
    case 'invalid_format':
      if (custom) return { message: `${show(input)} ${issue.message}` };
      if (issue.format === 'email') return { message: `${show(input)} is not an email address` };
      if (issue.format === 'url') return { message: `${show(input)} is not an absolute URL such as https://example.org` };
      return { message: `${show(input)} is not in the expected format (${issue.format})` };
    default:
      return { message: issue.message };
  }
}

/**
 * Turn zod issues into content issues with the field path, the line in the
 * source file and a hint. Unknown fields get one issue each, with the closest
 * known field name.
 */
export function schemaIssues(schema: AnySchema, issues: readonly ZodIssue[], source: SourceFile): ContentIssue[] {
  const out: ContentIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        out.push({
          file: source.file,
          field: fieldPath([...path, key]),
          line: source.lineOf(path, key),
          message: 'unknown field',
          hint: didYouMean(key, known, (c) => `\`${c}\``) ?? (known.length <= 12 ? `known fields: ${known.join(', ')}` : undefined),
          code: 'unknown-field',
        });
      }
      continue;
    }
    const last = path[path.length - 1];
    const { message, hint } = describeIssue(issue, typeof last === 'string' ? last : undefined);
    // A missing field has no line of its own: point at the map that lacks it, if it is not the whole file.
    const line = message === 'is required' ? (path.length > 1 ? source.lineOf(path.slice(0, -1)) : undefined) : source.lineOf(path);
    out.push({ file: source.file, field: fieldPath(path) || undefined, line, message, hint, code: issue.code });
  }
  return out;
}
