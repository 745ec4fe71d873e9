// Writes schemas/*.schema.json from the zod content schemas (src/config/). Run after changing them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SCHEMAS, renderJsonSchema } from '../src/config/json-schemas.ts';

for (const name of Object.keys(CONTENT_SCHEMAS) as (keyof typeof CONTENT_SCHEMAS)[]) {
  writeFileSync(join('schemas', name), renderJsonSchema(name));
  console.log(`wrote schemas/${name}`);
}
