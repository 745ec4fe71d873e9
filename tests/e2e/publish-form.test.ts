// The publishing form in Chromium, JavaScript off: a publisher signs in with its token, creates a
// dataset from a CSV file (its schema inferred), and sees a refused new version with every error
// listed in the page's language (French, and English on /en/); each page is axe clean.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { buildPortal, removeDir, ROOT, startServer, type RunningServer } from '../helpers/portal.ts';

describe('the publishing form (/publish/)', () => {
  let content: string;
  let dist: string;
  let server: RunningServer;
  let state: LiveState;
  let browser: Browser;
  let token: string;
  beforeAll(async () => {
    content = mkdtempSync(join(tmpdir(), 'publish-form-'));
    cpSync(join(ROOT, 'tests', 'fixtures', 'portal-valid'), content, { recursive: true });
    const build = buildPortal(content);
    expect(build.status, build.output).toBe(0);
    dist = build.dist;
    state = sqliteState();
    token = createToken(state, 'mairie-test').token;
    server = await startServer(dist, { ...state.env, PORTAL_CONTENT: content });
    browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (content) rmSync(content, { recursive: true, force: true });
    if (dist) removeDir(dist);
  });

  /** Sign in; `js: false` is the reader without JavaScript, axe needs it on. */
  async function signedIn(js: boolean, prefix = ''): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    await page.goto(`${server.url}${prefix}/publish/`);
    await page.fill('#token', token);
    await page.click('form:has(#token) button[type=submit]');
    return { context, page };
  }

  it('sign-in page and signed-in page are axe clean', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/publish/`);
    expect(await page.textContent('h1')).toBe('Publier des données');
    expect(await axeViolations(page)).toEqual([]);
    await page.fill('#token', 'cdp_not-a-token');
    await page.click('form:has(#token) button[type=submit]');
    expect(await page.textContent('#token-error')).toMatch(/Ce jeton ne permet pas de publier/);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
    const signed = await signedIn(true, '/en');
    expect(await signed.page.textContent('#create')).toBe('A new dataset from a file');
    expect(await axeViolations(signed.page)).toEqual([]);
    await signed.context.close();
  });

  it('creates a dataset from a CSV file without JavaScript', async () => {
    const { context, page } = await signedIn(false);
    await page.setInputFiles('#c-file', { name: 'velos.csv', mimeType: 'text/csv', buffer: Buffer.from('station;velos;date\nGare;12;18/03/2020\nMairie;3;19/03/2020\n') });
    await page.fill('#c-title', 'Vélos en libre service');
    await page.fill('#c-description', 'Nombre de vélos par station.');
    await page.selectOption('#c-sector', 'transport');
    await page.click('form:has(#c-file) button[type=submit]');
    expect(await page.textContent('#published')).toBe('Jeu de données « velos » publié');
    const yaml = readFileSync(join(content, 'datasets', 'velos', 'dataset.yaml'), 'utf8');
    expect(yaml).toContain('title: Vélos en libre service');
    expect(yaml).toContain('publisher: mairie-test');
    // The schema was inferred: integers, a day-first date.
    const schema = JSON.parse(readFileSync(join(content, 'datasets', 'velos', 'velos.schema.json'), 'utf8')) as { fields: { name: string; type: string }[] };
    expect(schema.fields.map((f) => f.type)).toEqual(['string', 'integer', 'date']);
    await context.close();
  });

  it('a refused new version lists every error in words, changes nothing, and is axe clean', async () => {
    const before = readFileSync(join(content, 'datasets', 'cantines', 'cantines.csv'));
    const { context, page } = await signedIn(false);
    await page.selectOption('#v-resource', 'cantines/cantines');
    await page.setInputFiles('#v-file', { name: 'cantines.csv', mimeType: 'text/csv', buffer: Buffer.from('nom,ville,part_bio\nA,Paris,"1,5"\nB,Lyon,abc\n') });
    await page.click('form:has(#v-file) button[type=submit]');
    expect(await page.textContent('#error-summary strong')).toBe('Rien n’a été publié.');
    const items = await page.locator('#error-summary li').allTextContents();
    expect(items.length).toBeGreaterThanOrEqual(2);
    // In the page's language (French here): located in words, each value's error worded from the field.
    expect(items).toContain('datasets/cantines/cantines.csv, ligne 2, colonne « part_bio » : « part_bio » doit être au plus 1.');
    expect(items).toContain("datasets/cantines/cantines.csv, ligne 3, colonne « part_bio » : « part_bio » doit être un nombre (« abc » n'en est pas un).");
    expect(readFileSync(join(content, 'datasets', 'cantines', 'cantines.csv'))).toEqual(before);
    expect(existsSync(join(content, 'datasets', 'cantines', 'versions'))).toBe(false);
    await context.close();
    // The same refusal, with JavaScript on for axe.
    const js = await signedIn(true);
    await js.page.selectOption('#v-resource', 'cantines/cantines');
    await js.page.setInputFiles('#v-file', { name: 'cantines.csv', mimeType: 'text/csv', buffer: Buffer.from('nom,ville,part_bio\nA,Paris,"1,5"\n') });
    await js.page.click('form:has(#v-file) button[type=submit]');
    await js.page.waitForSelector('#error-summary');
    expect(await axeViolations(js.page)).toEqual([]);
    await js.context.close();
    // The form's own refusals too: another kind of file, in English on /en/.
    const en = await signedIn(false, '/en');
    await en.page.selectOption('#v-resource', 'cantines/cantines');
    await en.page.setInputFiles('#v-file', { name: 'cantines.json', mimeType: 'application/json', buffer: Buffer.from('[]') });
    await en.page.click('form:has(#v-file) button[type=submit]');
    expect(await en.page.locator('#error-summary li').allTextContents()).toEqual(['The new version must be the same kind of file as “cantines.csv”; “cantines.json” is not.']);
    await en.context.close();
  });

  it('a file whose name is taken, or whose rows no schema describes: said in the page language, what was typed kept, then published under another address', async () => {
    const { context, page } = await signedIn(false);
    const fill = async (file: { name: string; body: string }) => {
      await page.setInputFiles('#c-file', { name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.body) });
      await page.click('form:has(#c-file) button[type=submit]');
    };
    // "cantines" exists: the page says so in French and proposes a free address, keeping the title and description.
    await page.setInputFiles('#c-file', { name: 'cantines.csv', mimeType: 'text/csv', buffer: Buffer.from('ecole;repas\nA;120\nB;80\n') });
    await page.fill('#c-title', 'Repas servis');
    await page.fill('#c-description', 'Repas servis par école.');
    await page.selectOption('#c-sector', 'education');
    await page.click('form:has(#c-file) button[type=submit]');
    expect(await page.locator('#error-summary li').allTextContents()).toEqual([
      'Un jeu de données existe déjà à l’adresse « cantines » : donnez à celui-ci une autre adresse ci-dessous, par exemple « cantines-2 », ou envoyez plutôt une nouvelle version du fichier existant.',
    ]);
    expect(await page.inputValue('#c-title')).toBe('Repas servis');
    expect(await page.inputValue('#c-description')).toBe('Repas servis par école.');
    expect(await page.inputValue('#c-sector')).toBe('education');
    // Ragged rows: each with its line, located in French, no command-line advice.
    await fill({ name: 'repas.csv', body: 'ecole;repas\nA;120\nB\n' });
    const ragged = await page.locator('#error-summary li').allTextContents();
    expect(ragged).toEqual(['datasets/repas/repas.csv, ligne 3 : row has 1 values, expected 2']);
    expect(existsSync(join(content, 'datasets', 'repas'))).toBe(false);
    // Another address, typed in the form: published there.
    await page.fill('#c-slug', 'repas-servis');
    await fill({ name: 'cantines.csv', body: 'ecole;repas\nA;120\nB;80\n' });
    expect(await page.textContent('#published')).toBe('Jeu de données « repas-servis » publié');
    expect(readFileSync(join(content, 'datasets', 'repas-servis', 'dataset.yaml'), 'utf8')).toContain('title: Repas servis');
    await context.close();
  });
});
