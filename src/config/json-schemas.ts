import { z } from 'zod';
import { dashboardSchema } from './dashboard.ts';
import { datasetSchema } from './dataset.ts';
import { packSchema } from './pack.ts';
import { portalSchema } from './portal.ts';
import { publisherSchema } from './publisher.ts';
import { reportersFileSchema } from './reporters.ts';

/**
 * The JSON Schemas in schemas/ are generated from the zod schemas the loader
 * uses, so the two cannot drift: `npm run schemas` writes them and a test fails
 * when the committed files differ from what the zod schemas give.
 */
export const CONTENT_SCHEMAS = {
  'portal.schema.json': { schema: portalSchema, title: 'Portal configuration (portal.yaml)' },
  'publisher.schema.json': { schema: publisherSchema, title: 'Publisher (publishers/<id>.yaml)' },
  'dataset.schema.json': { schema: datasetSchema, title: 'Dataset (datasets/<slug>/dataset.yaml)' },
  'dashboard.schema.json': { schema: dashboardSchema, title: 'Dashboard (dashboards/<id>.yaml)' },
  'pack.schema.json': { schema: packSchema, title: 'Country pack (packs/<ISO code>/pack.yaml)' },
  'reporters.schema.json': { schema: reportersFileSchema, title: 'Reporters of a live dataset (datasets/<slug>/<live.reporters>.yaml)' },
} as const;

export function jsonSchemaOf(name: keyof typeof CONTENT_SCHEMAS): Record<string, unknown> {
  const { schema, title } = CONTENT_SCHEMAS[name];
  // draft-07 is what editors (yaml-language-server, VS Code) understand best.
  const generated = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: `https://crisis-portal.example/schemas/${name}`, title, ...rest };
}

export function renderJsonSchema(name: keyof typeof CONTENT_SCHEMAS): string {
  return `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`;
}
