import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlias, isMap, isNode, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { ContentIssue } from './issues.ts';

export type PathSegment = string | number;

/** A parsed YAML or JSON content file that can tell the line of any field in it. */
export interface SourceFile {
  file: string;
  data: unknown;
  /** Line of the value at `path` (or of the key `key` inside it); the nearest existing ancestor otherwise. */
  lineOf(path: readonly PathSegment[], key?: string): number | undefined;
}

/** Read a file as UTF-8 text, or report why it cannot be read. */
export function readText(absPath: string, file: string, issues: ContentIssue[]): string | undefined {
  try {
    const buf = readFileSync(absPath);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
    if (text.includes('\uFFFD')) {
      const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
      issues.push({ file, line, message: 'is not valid UTF-8 text; save it as UTF-8', code: 'encoding-error' });
      return undefined;
    }
    return text.replace(/^\uFEFF/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    issues.push({ file, message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(e)})`, code: 'io-error' });
    return undefined;
  }
}

function locator(doc: Document, counter: LineCounter) {
  return (path: readonly PathSegment[], key?: string): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (!isNode(node) || !node.range) continue;
      if (depth === path.length && key !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        if (pair && isScalar(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
      }
      if (depth === path.length && key === undefined && depth > 0) {
        // Point at the key line for a field, not the start of a nested block below it.
        const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
        const last = path[depth - 1];
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === last);
          if (pair && isScalar(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
        }
      }
      return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/** Positions are only needed to report an error: parse them on first use, not for every valid file. */
function lazyLocator(text: string, uniqueKeys: boolean): SourceFile['lineOf'] {
  let lineOf: SourceFile['lineOf'] | undefined;
  return (path, key) => {
    if (!lineOf) {
      const counter = new LineCounter();
      lineOf = locator(parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys }), counter);
    }
    return lineOf(path, key);
  };
}

// Parsed YAML kept by content. Parsing is most of the time spent loading a content folder (every
// dataset.yaml, in the validation process and again in Astro's), and reading back JSON is twenty
// times faster. Build processes turn it on (useParsedYamlCache, from src/site/catalog.ts); the
// entry's name is the SHA-256 of the text (and PARSED_VERSION), so an edited file is parsed
// again and a copied folder starts warm. Only files that parsed without error are kept, and only
// when JSON gives back exactly the same values (not `.inf` or `.nan`): every error is found by
// a real parse, and line numbers come from one, made when an error needs them.
const PARSED_VERSION = 1;
let parsedDir: string | undefined;
const PARSED_MAX_AGE_MS = 30 * 86_400_000;

/** Keep parsed YAML in `dir` (undefined: parse every time). Entries unused for 30 days are removed. */
export function useParsedYamlCache(dir: string | undefined): void {
  if (dir === parsedDir) return;
  parsedDir = dir;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const stamp = join(dir, '.pruned');
  const now = Date.now();
  try {
    if (now - statSync(stamp).mtimeMs < 86_400_000) return;
  } catch {
    // never pruned
  }
  writeFileSync(stamp, '');
  for (const f of readdirSync(dir)) {
    const entry = join(dir, f);
    if (f !== '.pruned' && now - statSync(entry).mtimeMs > (f.endsWith('.tmp') ? 3_600_000 : PARSED_MAX_AGE_MS)) rmSync(entry, { force: true });
  }
}

/** True when JSON.stringify then JSON.parse gives back the same value. */
function jsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(jsonSafe);
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.entries(v).every(([k, x]) => k !== '__proto__' && jsonSafe(x));
}

let parsedTmp = 0;

/** The name of a text's entry. */
const parsedKey = (text: string) => createHash('sha256').update(`${PARSED_VERSION}\n${text}`).digest('hex');

function readParsed(key: string): { data: unknown } | undefined {
  const entry = join(parsedDir!, `${key}.json`);
  try {
    const data: unknown = JSON.parse(readFileSync(entry, 'utf8'));
    const now = new Date();
    utimesSync(entry, now, now);
    return { data };
  } catch {
    return undefined;
  }
}

function writeParsed(key: string, data: unknown): void {
  const entry = join(parsedDir!, `${key}.json`);
  const tmp = `${entry}.${process.pid}-${++parsedTmp}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, entry);
  } catch {
    // A cache that cannot be written only costs time.
    rmSync(tmp, { force: true });
  }
}

/**
 * Parse a YAML file into the cache ahead of a load that will read it (a first build's other cores,
 * scripts/prepare-pool.ts), so the load finds it parsed. False when the cache has it already (the
 * load got there first) or is off. A file with an error is left to the load, which reports it.
 */
export function preparseYaml(absPath: string, dir: string): boolean {
  useParsedYamlCache(dir);
  const text = readText(absPath, absPath, []);
  if (text === undefined) return true;
  const key = parsedKey(text);
  if (existsSync(join(dir, `${key}.json`))) return false;
  parseYaml(text, absPath, []);
  return true;
}

/** Parse YAML text; syntax errors are reported with their line and nothing is returned. */
export function parseYaml(text: string, file: string, issues: ContentIssue[]): SourceFile | undefined {
  if (text.trim() === '') {
    issues.push({ file, message: 'the file is empty', code: 'source-error' });
    return undefined;
  }
  const key = parsedDir && parsedKey(text);
  const hit = key ? readParsed(key) : undefined;
  if (hit) return { file, data: hit.data, lineOf: lazyLocator(text, true) };
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = new Set<number>();
    for (const err of doc.errors) {
      const line = counter.linePos(err.pos[0]).line;
      // One mistake often trips several parser rules on the same line: report it once.
      if (lines.has(line)) continue;
      lines.add(line);
      const what = err.code === 'DUPLICATE_KEY' ? 'a field is written twice' : err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      issues.push({ file, line, message: `YAML syntax error: ${what}`, code: 'source-error' });
    }
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // yaml refuses aliases that expand too much (a "billion laughs" bomb) by throwing: that is a
    // problem of this file, to report like any other, not a crash of the whole validation.
    let line: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        if (isAlias(node) && node.range) line = counter.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    const why = /alias/i.test((e as Error).message)
      ? 'its aliases (*name) expand to too many values; write the values out or use fewer aliases'
      : (e as Error).message;
    issues.push({ file, line, message: `YAML cannot be read: ${why}`, code: 'source-error' });
    return undefined;
  }
  if (key && jsonSafe(data)) writeParsed(key, data);
  return { file, data, lineOf: locator(doc, counter) };
}

/**
 * Parse JSON strictly (JSON.parse), then locate fields through the YAML parser,
 * which reads JSON as the YAML 1.2 subset it is and keeps positions.
 */
export function parseJson(text: string, file: string, issues: ContentIssue[]): SourceFile | undefined {
  if (text.trim() === '') {
    issues.push({ file, message: 'the file is empty', code: 'source-error' });
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    issues.push({ file, line, message: `JSON syntax error: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')}`, code: 'source-error' });
    return undefined;
  }
  return { file, data, lineOf: lazyLocator(text, false) };
}

/** `resources[0].path` from ['resources', 0, 'path']. */
export function fieldPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}
