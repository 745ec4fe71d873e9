import { describe, expect, it } from 'vitest';
import { resolveCharts } from '../../../src/preview/spec.ts';
import type { Field } from '../../../src/tableschema/index.ts';

const f = (name: string, type: Field['type'], extra: Partial<Field> = {}): Field => ({ name, type, ...extra });

describe('chart specs', () => {
  it('a date and numbers give a time-series line chart, codes and coordinates left out', () => {
    const fields = [f('dep', 'string'), f('sexe', 'integer', { constraints: { enum: [0, 1, 2] } }), f('jour', 'date'), f('hosp', 'integer'), f('rea', 'integer')];
    expect(resolveCharts([{ name: 'h', tabular: true, fields }], undefined)).toEqual([
      { index: 0, type: 'line', resource: 'h', x: 'jour', xType: 'date', y: ['hosp', 'rea'], aggregate: 'sum', filter: {}, auto: true },
    ]);
  });

  it('a category and a number give a bar chart of the top categories', () => {
    const fields = [f('nom', 'string'), f('ville', 'string'), f('part_bio', 'number')];
    const [chart] = resolveCharts([{ name: 'c', tabular: true, fields }], undefined);
    expect(chart).toMatchObject({ type: 'bar', x: 'ville', y: ['part_bio'] });
  });

  it('latitude and longitude give a points map; nothing else gives the table', () => {
    const fields = [f('nom', 'string'), f('lat_coor1', 'number'), f('long_coor1', 'number')];
    expect(resolveCharts([{ name: 'v', tabular: true, fields }], undefined).map((c) => [c.type, c.lat, c.lon, c.label])).toEqual([['points', 'lat_coor1', 'long_coor1', 'nom']]);
    expect(resolveCharts([{ name: 't', tabular: true, fields: [f('nom', 'string')] }], undefined).map((c) => c.type)).toEqual(['table']);
    expect(resolveCharts([{ name: 'x', tabular: false }], undefined)).toEqual([]);
  });

  it('completes declared charts: first tabular resource, sum, the map date and key', () => {
    const fields = [f('dep', 'string'), f('jour', 'date'), f('rea', 'integer')];
    const charts = resolveCharts(
      [
        { name: 'doc', tabular: false },
        { name: 'h', tabular: true, fields },
      ],
      [
        { type: 'line', y: ['rea'], series: 'dep', filter: { sexe: 0 } },
        { type: 'map', layer: 'departements', y: ['rea'], aggregate: 'last' },
      ],
    );
    expect(charts[0]).toMatchObject({ index: 0, resource: 'h', x: 'jour', xType: 'date', aggregate: 'sum', series: 'dep', filter: { sexe: 0 } });
    expect(charts[1]).toMatchObject({ index: 1, type: 'map', x: 'jour', key: 'dep', aggregate: 'last' });
  });
});
