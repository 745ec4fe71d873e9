// npm run new-portal -- <dir> --country <ISO code> [--languages et,en] [--name "…"] [--base-url https://…]
// Creates a content folder that validates and builds at once (see docs/new-country.md).
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { listPacks } from '../src/packs/load.ts';
import { createPortal, NewPortalError } from '../src/packs/new-portal.ts';

const USAGE = 'usage: npm run new-portal -- <dir> --country <ISO code> [--languages et,en] [--name "Portal name"] [--base-url https://data.example.org]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { country: { type: 'string' }, languages: { type: 'string' }, name: { type: 'string' }, 'base-url': { type: 'string' } } });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1 || !values.country) {
    console.error(`${positionals.length > 1 ? `one folder expected, got ${positionals.join(' ')}\n` : ''}${USAGE}\ncountry packs: ${listPacks().join(', ')}`);
    return 2;
  }
  const started = performance.now();
  try {
    const packs = listPacks();
    const code = values.country.toUpperCase();
    if (/^[A-Z]{2}$/.test(code) && !packs.includes(code))
      console.error(`note: no country pack for ${code} (packs exist for ${packs.join(', ')}): the portal is created without map layers; see docs/new-country.md to add a pack`);
    const result = await createPortal({
      dir: positionals[0]!,
      country: values.country,
      languages: values.languages
        ?.split(',')
        .map((l) => l.trim())
        .filter(Boolean),
      name: values.name,
      baseUrl: values['base-url'],
    });
    const shown = relative(process.cwd(), result.dir) || '.';
    for (const f of result.files) console.log(`  ${f}`);
    console.log(`✓ ${shown}: new ${code} portal in ${result.languages.join(', ')}${result.pack ? ` from the ${result.pack} pack` : ''}, valid (${Math.round(performance.now() - started)} ms)`);
    console.log(`next: PORTAL_CONTENT=${shown} npm start`);
    return 0;
  } catch (e) {
    if (e instanceof NewPortalError) {
      console.error(`✗ ${e.message}`);
      return 1;
    }
    throw e;
  }
}

process.exit(await main());
