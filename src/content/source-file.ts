import { readFileSync } from 'node:fs';
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

/** Parse YAML text; syntax errors are reported with their line and nothing is returned. */
export function parseYaml(text: string, file: string, issues: ContentIssue[]): SourceFile | undefined {
  if (text.trim() === '') {
    issues.push({ file, message: 'the file is empty', code: 'source-error' });
    return undefined;
  }
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
