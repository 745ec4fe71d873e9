import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_UI, FALLBACK_LANGUAGE, type UiStrings } from '../i18n/index.ts';
import { didYouMean } from './hints.ts';
import type { ContentIssue } from './issues.ts';
import { parseJson, readText } from './source-file.ts';

/**
 * UI strings a deployment supplies in <content>/i18n/<lang>.json: a new language
 * (copy src/i18n/ui/en.json and translate it) or overrides of built-in wording.
 */
export function loadUiStrings(root: string, issues: ContentIssue[]): Record<string, UiStrings> {
  const dir = join(root, 'i18n');
  const out: Record<string, UiStrings> = {};
  if (!existsSync(dir)) return out;
  const known = Object.keys(BUILTIN_UI[FALLBACK_LANGUAGE]!);
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = `i18n/${name}`;
    const text = readText(join(dir, name), file, issues);
    const source = text === undefined ? undefined : parseJson(text, file, issues);
    if (!source) continue;
    if (typeof source.data !== 'object' || source.data === null || Array.isArray(source.data)) {
      issues.push({ file, message: 'must be a JSON object of "key": "text"' });
      continue;
    }
    const strings: UiStrings = {};
    for (const [key, value] of Object.entries(source.data)) {
      if (!known.includes(key)) issues.push({ file, field: key, line: source.lineOf([key]), message: 'is not a UI string key', hint: didYouMean(key, known) });
      else if (typeof value !== 'string') issues.push({ file, field: key, line: source.lineOf([key]), message: 'must be text' });
      else strings[key] = value;
    }
    out[name.replace(/\.json$/, '')] = strings;
  }
  return out;
}
