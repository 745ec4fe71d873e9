import { readFile } from 'node:fs/promises';

/**
 * JSON and GeoJSON data files are published as they are, with no Table Schema: what the build
 * can check is that they parse (a truncated upload, a file saved half-way) and that a GeoJSON
 * file is a GeoJSON object, so readers never download a broken file. Files above `maxBytes`
 * are left unread (a notice says so): one JSON.parse holds the whole file in memory.
 */
export const JSON_FORMATS = new Set(['json', 'geojson']);
export const JSON_CHECK_MAX_BYTES = 256 * 1024 * 1024;

const GEOJSON_TYPES = new Set(['FeatureCollection', 'Feature', 'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

export interface JsonProblem {
  line?: number;
  message: string;
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** What is wrong with a JSON text, or undefined when it is well formed (and, for GeoJSON, a GeoJSON object). */
export function jsonProblem(text: string, format: string): JsonProblem | undefined {
  // A byte order mark is allowed in a file (RFC 8259 §8.1 lets parsers ignore it).
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const reason = (e as Error).message.replace(/^JSON\.parse: /, '');
    const at = /at position (\d+)/.exec(reason);
    const cut = reason.replace(/\s*(?:in JSON )?at position \d+.*$/, '').replace(/ in JSON$/, '');
    if (at) {
      const { line, column } = lineColumn(body, Number(at[1]));
      return { line, message: `not valid JSON: ${cut} (column ${column}); is the file complete?` };
    }
    return { message: `not valid JSON: ${cut}; is the file complete?` };
  }
  if (format === 'geojson') {
    const type = value && typeof value === 'object' && !Array.isArray(value) ? (value as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !GEOJSON_TYPES.has(type))
      return { message: 'not a GeoJSON object: the file must be a JSON object whose "type" is FeatureCollection, Feature or a geometry type (RFC 7946)' };
  }
  return undefined;
}

/** The problem of a JSON or GeoJSON file on disk (read as UTF-8, as RFC 8259 requires). */
export async function jsonFileProblem(path: string, format: string): Promise<JsonProblem | undefined> {
  return jsonProblem(await readFile(path, 'utf8'), format);
}
