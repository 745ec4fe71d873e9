// The reporting form in French, in Chromium: messages written for a person (never a raw
// pattern), the reporter's name for a reporter's token, dates written as a French reader does.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

const SLUG = 'lits-reanimation';
let server: RunningServer;
let browser: Browser;
let state: LiveState;

beforeAll(async () => {
  state = sqliteState();
  server = await startServer(inject('fixtureDist'), state.env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(token: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/report/${SLUG}/`);
  await page.fill('#token', token);
  await page.click('button:has-text("Se connecter")');
  return { context, page };
}

it('French messages from the field title, description and example; no raw pattern', async () => {
  const { context, page } = await signedIn(createToken(state, 'hopital-test').token);
  await page.fill('#f-etablissement', 'X1');
  await page.fill('#f-jour', '2020-11-20');
  await page.click('button:has-text("Enregistrer ces chiffres")');
  const message = await page.textContent('#e-etablissement');
  expect(message).toBe("« X1 » n'a pas la forme attendue pour « Établissement ». Code de l'établissement. Exemple : H01.");
  expect(await page.textContent('#error-summary')).not.toContain('[0-9]');
  await context.close();
});

it('a reporter’s token: its name on the form, its field fixed, the stored row in French', async () => {
  const { context, page } = await signedIn(createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H02').token);
  expect(await page.textContent('#reporting-for')).toBe('Vous déclarez pour Clinique du Sud (H02).');
  expect(await page.inputValue('#f-etablissement')).toBe('H02');
  expect(await page.getAttribute('#f-etablissement', 'readonly')).not.toBeNull();
  await page.fill('#f-jour', '2020-11-20');
  await page.fill('#f-lits_occupes', '4');
  await page.fill('#f-lits_total', '1200');
  await page.click('button:has-text("Enregistrer ces chiffres")');
  const heading = await page.textContent('#stored-title');
  expect(heading).toMatch(/^Enregistré le \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2} \(UTC\)/u);
  expect(heading).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  expect(await page.textContent('.stored td[data-field="jour"]')).toBe('20 novembre 2020');
  expect(await page.textContent('.stored td[data-field="lits_total"]')).toBe('1\u202f200');
  await context.close();
});
