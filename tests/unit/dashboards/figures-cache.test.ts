// A dashboard's figures are kept in the build cache (PORTAL_CACHE/dashboards) under a key of its
// configuration and the content of the files it reads, with their Table Schemas and dialects
// (src/dashboards/derive.ts): a build whose data and dashboard did not change reads nothing again;
// a changed data file, schema or dashboard file computes them anew.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadContent } from '../../../src/content/load.ts';
import { ensureFigures, figuresCacheDir, figuresKey, readFigures } from '../../../src/dashboards/derive.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'portal-dashboards');
let dir: string;
let content: string;

const load = () => {
  const { catalog } = loadContent(content);
  expect(catalog).toBeDefined();
  return catalog!;
};
const csv = () => join(content, 'datasets', 'hopital', 'hopital.csv');
const yaml = () => join(content, 'dashboards', 'situation.yaml');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'figures-cache-'));
  content = join(dir, 'content');
  cpSync(FIXTURE, content, { recursive: true });
  vi.stubEnv('PORTAL_CACHE', join(dir, 'cache'));
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard figures cache', () => {
  it('in PORTAL_CACHE, next to the previews', () => {
    expect(figuresCacheDir()).toBe(join(dir, 'cache', 'dashboards'));
  });

  it('computed once; an unchanged build (or a copy of the files, new dates) reuses them', async () => {
    const first = load();
    // The hospital file, the live beds and the population table.
    expect(await ensureFigures(first.dashboards, first.datasets)).toEqual({ computed: 1, cached: 0, read: 3, fromTypedRows: 0 });
    const again = load();
    expect(await ensureFigures(again.dashboards, again.datasets)).toEqual({ computed: 0, cached: 1, read: 0, fromTypedRows: 0 });
    // Same bytes, another modification time: keyed by content, still found.
    const later = new Date(Date.now() + 60_000);
    utimesSync(csv(), later, later);
    const touched = load();
    expect(figuresKey(touched.dashboards[0]!, touched.datasets)).toBe(figuresKey(first.dashboards[0]!, first.datasets));
    expect(await ensureFigures(touched.dashboards, touched.datasets)).toEqual({ computed: 0, cached: 1, read: 0, fromTypedRows: 0 });
  });

  it('a changed data file changes the figures', async () => {
    const before = load();
    const key = figuresKey(before.dashboards[0]!, before.datasets);
    const rea = readFigures(before.dashboards[0]!, before.datasets).indicators.rea!;
    const last = rea.dates.length - 1;
    const day = rea.dates[last]!;
    // One more row for département 01 on the last day: 1,000 more patients in intensive care.
    appendFileSync(csv(), `"01";0;"${day}";1000;0\n`);
    const after = load();
    expect(figuresKey(after.dashboards[0]!, after.datasets)).not.toBe(key);
    expect(await ensureFigures(after.dashboards, after.datasets)).toEqual({ computed: 1, cached: 0, read: 1, fromTypedRows: 0 });
    const changed = readFigures(after.dashboards[0]!, after.datasets).indicators.rea!;
    expect(changed.total[last]).toBe(rea.total[last]! + 1000);
    expect(changed.territories['01']![last]).toBe(rea.territories['01']![last]! + 1000);
    expect(changed.territories['2A']).toEqual(rea.territories['2A']);
  });

  it('the same bytes read with another Table Schema compute them anew', async () => {
    const before = load();
    const key = figuresKey(before.dashboards[0]!, before.datasets);
    const rea = readFigures(before.dashboards[0]!, before.datasets).indicators.rea!;
    const last = rea.dates.length - 1;
    expect(rea.territories['75']![last]).toBe(77);
    // "77" now means "no value": the same file gives Paris no figure for its last day.
    const schema = join(content, 'datasets', 'hopital', 'hopital.schema.json');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('"NA"', '"NA", "77"'));
    const after = load();
    expect(figuresKey(after.dashboards[0]!, after.datasets)).not.toBe(key);
    expect(await ensureFigures(after.dashboards, after.datasets)).toEqual({ computed: 1, cached: 0, read: 1, fromTypedRows: 0 });
    expect(readFigures(after.dashboards[0]!, after.datasets).indicators.rea!.territories['75']![last]).toBeNull();
  });

  it('a changed dashboard file computes them anew, reading only the files of the indicators that read rows differently', async () => {
    const key = figuresKey(load().dashboards[0]!, load().datasets);
    writeFileSync(yaml(), readFileSync(yaml(), 'utf8').replace('title: {fr: La situation, en: The situation}', 'title: {fr: La situation du jour, en: The situation today}'));
    const after = load();
    expect(after.dashboards[0]!.config.title).toEqual({ fr: 'La situation du jour', en: 'The situation today' });
    expect(figuresKey(after.dashboards[0]!, after.datasets)).not.toBe(key);
    expect(await ensureFigures(after.dashboards, after.datasets)).toEqual({ computed: 1, cached: 0, read: 0, fromTypedRows: 0 });
    expect(await ensureFigures(load().dashboards, load().datasets)).toEqual({ computed: 0, cached: 1, read: 0, fromTypedRows: 0 });
    // Another filter: that indicator's file is read again, not the others.
    writeFileSync(yaml(), readFileSync(yaml(), 'utf8').replace('filter: {sexe: 0}', 'filter: {sexe: 1}'));
    const filtered = load();
    expect(filtered.dashboards[0]!.indicators.find((i) => i.id === 'rea')!.filter).toEqual({ sexe: 1 });
    expect(await ensureFigures(filtered.dashboards, filtered.datasets)).toEqual({ computed: 1, cached: 0, read: 1, fromTypedRows: 0 });
    const assembled = readFigures(filtered.dashboards[0]!, filtered.datasets);
    // The same figures as from an empty cache, every file read.
    rmSync(join(dir, 'cache'), { recursive: true, force: true });
    const fresh = load();
    expect(await ensureFigures(fresh.dashboards, fresh.datasets)).toEqual({ computed: 1, cached: 0, read: 3, fromTypedRows: 0 });
    expect(readFigures(fresh.dashboards[0]!, fresh.datasets)).toEqual(assembled);
    expect(assembled.indicators.rea!.total).not.toEqual(assembled.indicators['rea-taux']!.total);
  });
});
