// The dashboard `npm run bench -- --only dashboard` builds: 6 indicators of the example dashboard,
// over the 101 départements, so the bench row measures what issue 9 asks about.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { benchDashboard } from '../../../scripts/bench/dashboard.ts';

describe('bench dashboard', () => {
  it('keeps 6 indicators of the example dashboard, on the départements layer', () => {
    const example = readFileSync(join(import.meta.dirname, '../../../content/dashboards/covid-19.yaml'), 'utf8');
    const { yaml, indicators } = benchDashboard(example);
    const doc = parse(yaml) as { layer: string; sections: { indicators: { id: string; territory?: string }[] }[] };
    expect(indicators).toBe(6);
    expect(doc.layer).toBe('departements');
    const ids = doc.sections.flatMap((s) => s.indicators.map((i) => i.id));
    expect(ids).toHaveLength(6);
    expect(ids).toContain('lits-occupes'); // the live one: the push row measures it
    expect(doc.sections.flatMap((s) => s.indicators).filter((i) => i.territory).length).toBe(5);
  });
});
