import type { z } from 'zod';
import type { ContentIssue } from './issues.ts';
import { schemaIssues } from './schema-issues.ts';
import type { SourceFile } from './source-file.ts';

export function parseWith<S extends z.ZodObject>(schema: S, source: SourceFile, issues: ContentIssue[]): z.output<S> | undefined {
  return parseLenient(schema, source, issues).full;
}

/**
 * Parse, and when the file has errors, parse again without the faulty fields so
 * that the remaining fields can still be cross-checked and the data files still
 * validated: one run of `npm run validate` lists every error, not the first batch.
 */
export function parseLenient<S extends z.ZodObject>(schema: S, source: SourceFile, issues: ContentIssue[]): { full?: z.output<S>; partial?: Partial<z.output<S>>; index: (list: string, i: number) => number } {
  const same = (_list: string, i: number) => i;
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return { full: result.data, partial: result.data, index: same };
  issues.push(...schemaIssues(schema, result.error.issues, source));
  if (typeof source.data !== 'object' || source.data === null || Array.isArray(source.data)) return { index: same };
  const data = structuredClone(source.data) as Record<string, unknown>;
  const dropped = new Map<string, Set<number>>();
  for (const issue of result.error.issues) {
    const [first, second] = issue.path;
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) for (const k of issue.keys) delete data[k];
    else if (typeof first === 'string' && typeof second === 'number' && Array.isArray(data[first])) {
      // One bad item of a list (a resource, a chart) leaves the others checkable.
      dropped.set(first, (dropped.get(first) ?? new Set()).add(second));
    } else if (typeof first === 'string') delete data[first];
  }
  // Kept items keep their original position for line numbers and field paths.
  const kept = new Map<string, number[]>();
  for (const [key, indexes] of dropped) {
    const list = data[key] as unknown[];
    kept.set(key, list.map((_, i) => i).filter((i) => !indexes.has(i)));
    data[key] = list.filter((_, i) => !indexes.has(i));
  }
  const index = (list: string, i: number) => kept.get(list)?.[i] ?? i;
  const retry = schema.partial().safeParse(data);
  return retry.success ? { partial: retry.data as Partial<z.output<S>>, index } : { index };
}

