import { jsonSchemaOf, type CONTENT_SCHEMAS } from './json-schemas.ts';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  additionalProperties?: JsonSchema | boolean;
  pattern?: string;
  format?: string;
};

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${String(s.const)}\``;
  // A one-key map such as {rolling-mean: N}: show the key, as a publisher writes it.
  const keys = Object.keys(s.properties ?? {});
  if (s.type === 'object' && keys.length === 1) return `\`{${keys[0]}: …}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(', ');
  if (s.anyOf) {
    const isLocalized = s.anyOf.some((o) => o.type === 'string') && s.anyOf.some((o) => o.type === 'object' && !o.properties);
    if (isLocalized) return 'text or {lang: text}';
    return s.anyOf.map(typeOf).join(' or ');
  }
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object') return s.properties ? 'map' : 'map of values';
  if (s.format === 'uri') return 'URL';
  if (s.pattern?.startsWith('^\\d{4}-')) return 'date (YYYY-MM-DD)';
  if (s.pattern?.includes('(?!\\/)')) return 'relative path';
  if (s.format === 'email') return 'email';
  return String(s.type ?? 'any');
}

function rows(schema: JsonSchema, prefix: string, out: string[]) {
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const req = required.has(name) && prop.default === undefined ? 'yes' : '';
    const def = prop.default !== undefined ? `\`${JSON.stringify(prop.default)}\`` : '';
    const desc = (prop.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
    out.push(`| \`${path}\` | ${typeOf(prop)} | ${req} | ${def} | ${desc} |`);
    const objectPart = prop.anyOf?.find((o) => o.type === 'object' && o.properties) ?? (prop.type === 'object' ? prop : undefined);
    const itemPart = prop.type === 'array' ? (prop.items?.anyOf?.find((o) => o.properties) ?? prop.items) : undefined;
    if (objectPart?.properties) rows(objectPart, path, out);
    if (itemPart?.properties) rows(itemPart, `${path}[]`, out);
  }
}

/** A Markdown table of every field of a content file, generated from its schema. */
export function fieldReference(name: keyof typeof CONTENT_SCHEMAS): string {
  const out = ['| field | type | required | default | meaning |', '| --- | --- | --- | --- | --- |'];
  rows(jsonSchemaOf(name) as JsonSchema, '', out);
  return out.join('\n');
}

/** Replace the text between `<!-- reference:NAME -->` and `<!-- /reference:NAME -->` markers. */
export function fillReferences(doc: string): string {
  return doc.replace(
    /(<!-- reference:([\w.-]+) -->)[\s\S]*?(<!-- \/reference:\2 -->)/g,
    (_m, open: string, name: string, close: string) => `${open}\n${fieldReference(name as keyof typeof CONTENT_SCHEMAS)}\n${close}`,
  );
}
