// The reporting form in Chromium, with JavaScript on and off: sign in by link (the token leaves
// the address at once), submit, see errors beside fields with typed values kept, see what was stored.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

const SLUG = 'lits-reanimation';
let server: RunningServer;
let browser: Browser;
let state: LiveState;
let token = '';

beforeAll(async () => {
  state = sqliteState();
  token = createToken(state, 'hopital-test').token;
  server = await startServer(inject('fixtureDist'), state.env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

for (const javaScriptEnabled of [true, false]) {
  describe(`reporting form, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    it('signs in with the form, shows errors beside fields, keeps values, confirms what was stored', async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${server.url}/report/${SLUG}/`);
      await page.fill('#token', token);
      await page.click('button:has-text("Se connecter")');
      expect(page.url()).toBe(`${server.url}/report/${SLUG}/`);
      const etab = javaScriptEnabled ? 'H40' : 'H41';
      await page.fill('#f-etablissement', etab);
      await page.fill('#f-jour', '2020-12-05');
      await page.fill('#f-lits_occupes', '-2');
      await page.click('button:has-text("Enregistrer ces chiffres")');
      expect(await page.textContent('#e-lits_occupes')).toBe('« Lits occupés » doit être au moins 0.');
      expect(await page.getAttribute('#f-lits_occupes', 'aria-invalid')).toBe('true');
      expect(await page.inputValue('#f-etablissement')).toBe(etab);
      await page.fill('#f-lits_occupes', '6');
      await page.fill('#f-lits_total', '12');
      await page.click('button:has-text("Enregistrer ces chiffres")');
      expect(await page.textContent('.stored')).toContain('Enregistré');
      expect(await page.textContent('.stored td[data-field="lits_occupes"]')).toBe('6');
      const stored = await (await fetch(`${server.url}/api/datasets/${SLUG}/rows?etablissement=${etab}`)).json();
      expect(stored.rows).toEqual([{ etablissement: etab, jour: '2020-12-05', lits_occupes: 6, lits_total: 12 }]);
      await context.close();
    });
  });
}

it('the dataset page offers the current data and links to the reporting status', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/datasets/${SLUG}/`);
  expect(await page.getAttribute('a:has-text("Données actuelles (CSV)")', 'href')).toBe(`/api/datasets/${SLUG}/rows?format=csv`);
  await page.click('a:has-text("Dernière réception")');
  expect(page.url()).toContain('/reporting/');
  expect(await page.textContent('h1')).toBe('État des déclarations');
  await page.close();
});
