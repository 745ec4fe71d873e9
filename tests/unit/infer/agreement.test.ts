// The measure as a floor: on real files that come with a published Table Schema, the
// inferred type equals the published one for at least 90 % of the fields that hold a value.
// Sources: ../shared/data (downloaded sources, when present; SHARED_DATA to point elsewhere) and
// the example content folder. The per-file figures are printed; `npm run bench -- --only
// inference` prints the same report.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAgreement, measureAgreement, pairsInContent, pairsInSources } from '../../../src/infer/agreement.ts';
import { SHARED_DATA } from '../../helpers/shared-data.ts';

const SHARED = SHARED_DATA;

describe('type agreement with published schemas', () => {
  it('finds the published pairs: each resource of the example portal, each CSV of a source with its schema', async () => {
    expect(pairsInContent('content').length).toBeGreaterThanOrEqual(10);
    if (existsSync(SHARED)) {
      const pairs = await pairsInSources(SHARED);
      expect(pairs.map((p) => p.csv)).toContain(resolve(SHARED, 'ma-cantine-opendata/opendata/campagne_td_2021.csv'));
      expect(pairs.find((p) => p.csv.endsWith('campagne_td_2021.csv'))!.schema).toBe(resolve(SHARED, 'ma-cantine-opendata/export_opendata/schema_teledeclarations.json'));
    }
  });

  it('≥ 90 % of the fields with values get their published type', async () => {
    const report = await measureAgreement({ sources: existsSync(SHARED) ? [SHARED] : [], contents: ['content'] });
    console.log(formatAgreement(report, resolve('..')).join('\n'));
    expect(report.files.length).toBeGreaterThanOrEqual(existsSync(SHARED) ? 14 : 10);
    expect(report.share).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
