import { describe, expect, it } from 'vitest';
import { pageContext } from '../../src/site/context.ts';

const site = { name: 'P', languages: ['fr', 'en'], defaultLanguage: 'fr', sectors: [] } as unknown as Parameters<typeof pageContext>[0];

describe('page context', () => {
  it('translates with the strings it is given, not those of an earlier call for the same language', () => {
    const a = pageContext(site, { fr: { 'nav.datasets': 'Jeux A' } }, 'fr', '/');
    const b = pageContext(site, { fr: { 'nav.datasets': 'Jeux B' } }, 'fr', '/');
    expect(a.t('nav.datasets')).toBe('Jeux A');
    expect(b.t('nav.datasets')).toBe('Jeux B');
  });
});
