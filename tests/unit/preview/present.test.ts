// Summary sentences round like the charts (3 significant digits): the canteens' highest mean
// organic share is 0.245, not "0.2".
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/i18n/index.ts';
import { summariseXY } from '../../../src/preview/present.ts';

describe('chart summaries', () => {
  it('keep three significant digits in every language', () => {
    const data = { kind: 'xy' as const, numericX: false, total: [], categories: [{ x: 'Occitanie', values: [0.2453] }], rows: 10 };
    expect(summariseXY(data, ['Part des achats bio'], false, createTranslator('fr'), false)).toContain('0,245 (Occitanie)');
    expect(summariseXY(data, ['Organic share'], false, createTranslator('en'), false)).toContain('Occitanie with 0.245');
    // One category: said in the singular ("out of 1 categories" before).
    expect(summariseXY(data, ['Organic share'], false, createTranslator('en'), false)).toBe('Organic share: the highest is Occitanie with 0.245, out of 1 category.');
    expect(summariseXY({ ...data, otherCategories: 14 }, ['Part des achats bio'], false, createTranslator('fr'), false)).toMatch(/sur 15 catégories\.$/);
    const line = {
      kind: 'xy' as const,
      numericX: true,
      total: [
        [
          [Date.UTC(2020, 3, 8), 7019],
          [Date.UTC(2020, 7, 1), 344.4],
        ] as [number, number][],
      ],
      rows: 2,
    };
    expect(summariseXY(line, ['Réanimation'], true, createTranslator('fr'), false)).toMatch(/minimum 344 le 1 août 2020, maximum 7\s019 le 8 avr\. 2020/);
  });
});
