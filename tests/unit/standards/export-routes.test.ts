// Each whole-catalog export of the registry that is rendered as a page has its own page file
// (src/site/export-route.ts says why not one route with a parameter), and no page file names an
// export the registry does not render.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRoute } from '../../../src/site/export-route.ts';
import { CATALOG_EXPORTS } from '../../../src/standards/registry.ts';

const PAGES = join(import.meta.dirname, '..', '..', '..', 'src', 'pages');

describe('whole-catalog export pages', () => {
  it('one page per rendered export, each calling exportRoute with its own file name', () => {
    const rendered = CATALOG_EXPORTS.filter((e) => e.render).map((e) => e.file);
    expect(rendered.length).toBeGreaterThan(0);
    for (const file of rendered) {
      const page = join(PAGES, `${file}.ts`);
      expect(existsSync(page), `src/pages/${file}.ts`).toBe(true);
      expect(readFileSync(page, 'utf8')).toContain(`exportRoute('${file}')`);
    }
    const pages = readdirSync(PAGES).filter((n) => n.endsWith('.ts') && readFileSync(join(PAGES, n), 'utf8').includes('exportRoute('));
    expect(pages.map((n) => n.slice(0, -3)).sort()).toEqual([...rendered].sort());
  });

  it('a page naming an export the registry does not render is refused at once', () => {
    expect(() => exportRoute('catalog.jsonld')).toThrow(/no whole-catalog export rendered as "catalog.jsonld"/);
    expect(exportRoute('feed.xml').staticPaths()).toEqual([{ params: {}, props: { entry: expect.objectContaining({ file: 'feed.xml' }) } }]);
  });
});
