import { describe, expect, it } from 'vitest';
import { firstBlock, firstSentence, latestDataDate } from '../../src/lib/lead.ts';

describe('dataset lead', () => {
  it('takes the first sentence of the first paragraph, as plain text', () => {
    expect(firstSentence('Nombre de personnes **hospitalisées**, par département, du\n18 mars au 15 novembre 2020.\n\nLes établissements saisissent…')).toBe(
      'Nombre de personnes hospitalisées, par département, du 18 mars au 15 novembre 2020.',
    );
    expect(firstSentence('Results of the *2021 campaign*. Canteen managers declare.')).toBe('Results of the 2021 campaign.');
    expect(firstSentence('Version 2.1 of the list, 3.5 km around. Then more.')).toBe('Version 2.1 of the list, 3.5 km around.');
    expect(firstSentence('No full stop at all')).toBe('No full stop at all');
  });
  it('cuts a very long sentence at a word', () => {
    const s = firstSentence(`${'word '.repeat(100)}end.`, 40);
    expect(s.length).toBeLessThanOrEqual(41);
    expect(s.endsWith('word…')).toBe(true);
  });
  it('splits the description after its first paragraph', () => {
    expect(firstBlock('One.\n\nTwo.\n\n- three')).toEqual({ first: 'One.', rest: 'Two.\n\n- three' });
    expect(firstBlock('Only one.\n')).toEqual({ first: 'Only one.', rest: '' });
  });
  it('dates the latest data from the declared period, else from the data', () => {
    const hospital = [
      { type: 'string', max: undefined },
      { type: 'date', max: '2020-11-15' },
      { type: 'integer', max: 33050 },
    ];
    expect(latestDataDate([hospital], '2020-11-30')).toBe('2020-11-30');
    expect(latestDataDate([hospital])).toBe('2020-11-15');
    expect(
      latestDataDate([
        [
          { type: 'datetime', max: '2022-12-02T10:00:00Z' },
          { type: 'date', max: '2021-12-31' },
        ],
      ]),
    ).toBe('2022-12-02');
    expect(latestDataDate([[{ type: 'integer', max: 3 }], hospital])).toBe('2020-11-15'); // the first file with dates
    expect(latestDataDate([[{ type: 'string' }]], '2021-12-31')).toBe('2021-12-31');
    expect(latestDataDate([])).toBeUndefined();
  });
});
