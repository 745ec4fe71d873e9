// Writes schemas/*.schema.json and the field reference in README.md from the zod
// content schemas (src/config/), and the README's table of environment variables from src/settings.ts. Run after changing them; a test checks both are current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SCHEMAS, renderJsonSchema } from '../src/config/json-schemas.ts';
import { fillReferences } from '../src/config/reference.ts';
import { fillSettingsTable } from '../src/settings.ts';

for (const name of Object.keys(CONTENT_SCHEMAS) as (keyof typeof CONTENT_SCHEMAS)[]) {
  writeFileSync(join('schemas', name), renderJsonSchema(name));
  console.log(`wrote schemas/${name}`);
}
writeFileSync('README.md', fillSettingsTable(fillReferences(readFileSync('README.md', 'utf8'))));
console.log('updated the field reference and the table of environment variables in README.md');
