// Map colour classes on the real hospital file: quantiles of one day spread skewed figures over
// every colour (issue 9: "on most days almost every département has the same pale colour" with
// linear classes), and the legend gives the real breaks. Figures counted by hand from the CSV.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { classOf, quantileBreaks, SEQUENTIAL } from '../../../src/charts/classes.ts';
import { legendEntries } from '../../../src/charts/map-legend.ts';
import { chartValueFormat } from '../../../src/charts/numbers.ts';

const CSV = join(import.meta.dirname, '..', '..', '..', 'content', 'datasets', 'donnees-hospitalieres-covid19', 'donnees-hospitalieres-covid19-2020-11-15-19h55.csv');

/** Patients in intensive care per département on `day` (rows of both sexes, sexe = 0). */
function reaOn(day: string): number[] {
  const rows = parse(readFileSync(CSV), { delimiter: ';', columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.filter((r) => r.jour === day && r.sexe === '0' && r.dep !== '' && r.dep !== 'NA').map((r) => Number(r.rea));
}

describe('map classes of 15 November 2020 (intensive care by département)', () => {
  const values = reaOn('2020-11-15');
  const breaks = quantileBreaks(values);

  it('are the quintiles of that day, the last one its maximum (Paris, 323)', () => {
    expect(values).toHaveLength(101);
    // Sorted, the 21st, 41st, 61st, 81st and 101st values: 10, 17, 35, 75 and 323.
    expect(breaks).toEqual([10, 17, 35, 75, 323]);
  });

  it('put about a fifth of the départements in each colour, where equal intervals put almost all in one', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const v of values) counts[classOf(v, breaks)]!++;
    expect(counts).toEqual([21, 20, 20, 21, 19]);
    // Six equal intervals between 0 and the period's maximum (855, Paris on 8 April): the old scale.
    const linear = values.filter((v) => v <= 855 / 6).length;
    expect(linear).toBeGreaterThanOrEqual(95);
  });

  it('give a legend of the real breaks in the page language, in the colour-blind-safe palette', () => {
    const entries = legendEntries(breaks, chartValueFormat('en'));
    expect(entries.map((e) => e.words)).toEqual(['≤ 10', '10 – 17', '17 – 35', '35 – 75', '75 – 323']);
    expect(entries.map((e) => e.colour)).toEqual([...SEQUENTIAL]);
    expect(legendEntries([0.06, 0.091, 0.494], chartValueFormat('fr')).map((e) => e.words)).toEqual(['≤ 0,06', '0,06 – 0,091', '0,091 – 0,494']);
  });
});
