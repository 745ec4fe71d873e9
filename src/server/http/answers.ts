import type { ServerResponse } from 'node:http';
import { createTranslator, type UiStrings } from '../../i18n/index.ts';
import { splitLocalePath } from '../../i18n/paths.ts';

/**
 * Answers the server wrapper gives itself, before a route runs: the one JSON error shape for
 * API addresses (src/server/api-error.ts), a short page in the reader's language otherwise.
 */
export function sendApiError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ error: { code, message, details: [] } });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export interface PageStrings {
  languages: string[];
  ui: Record<string, UiStrings>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A minimal HTML page: a title and one paragraph, translated, in the language of the address. */
export function sendPage(res: ServerResponse, status: number, path: string, strings: PageStrings, key: string, params: Record<string, string | number> = {}, headers: Record<string, string> = {}) {
  const { lang } = splitLocalePath(path, strings.languages.length ? strings.languages : ['en']);
  const { t } = createTranslator(lang, strings.ui);
  const title = t(`${key}.title` as never);
  const text = t(`${key}.text` as never, params);
  const body = `<!doctype html><html lang="${escape(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1><p>${escape(text)}</p></main></body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
