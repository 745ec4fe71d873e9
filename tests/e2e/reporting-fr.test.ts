// The reporting form in French, in Chromium: messages written for a person (never a raw
// pattern), the reporter's name for a reporter's token, dates written as a French reader does.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
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

async function signedIn(token: string, prefix = '') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}${prefix}/report/${SLUG}/`);
  await page.fill('#token', token);
  await page.click('form:has(#token) button[type=submit]');
  return { context, page };
}

const LANGS = [
  {
    prefix: '',
    submit: 'Enregistrer ces chiffres',
    jump: /^« Lits occupés » \(400\) est très loin de votre chiffre précédent, 5 le 1 novembre 2020 : plus de 20 fois plus grand ou plus petit\./,
    correcting: 'Vous corrigez la ligne Clinique du Sud (H02) · 2 novembre 2020.',
    retracted: 'La ligne Clinique du Sud (H02) · 2 novembre 2020 a été retirée.',
    signout: 'Se déconnecter',
    signin: 'Se connecter',
  },
  {
    prefix: '/en',
    submit: 'Store these figures',
    jump: /^“Lits occupés” \(400\) is very far from your previous figure, 5 on November 1, 2020: more than 20 times larger or smaller\./,
    correcting: 'You are correcting the row Clinique du Sud (H02) · November 2, 2020.',
    retracted: 'The row Clinique du Sud (H02) · November 2, 2020 was retracted.',
    signout: 'Sign out',
    signin: 'Sign in',
  },
];

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

for (const l of LANGS) {
  it(`${l.prefix || '/fr'}: a jump asks for confirmation keeping the values; correct, retract, sign out; axe clean`, async () => {
    // H02's only earlier row is 2020-11-01 with 5 occupied beds; each language writes its own day.
    const day = '2020-11-02';
    const { context, page } = await signedIn(createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H02').token, l.prefix);
    await page.fill('#f-jour', day);
    await page.fill('#f-lits_occupes', '400');
    await page.fill('#f-lits_total', '500');
    await page.click(`button:has-text("${l.submit}")`);
    expect(await page.textContent('#e-lits_occupes')).toMatch(l.jump);
    // The typed values are kept; the question is asked by a checkbox.
    expect(await page.inputValue('#f-lits_occupes')).toBe('400');
    expect(await page.inputValue('#f-jour')).toBe(day);
    expect(await axeViolations(page)).toEqual([]);
    await page.check('#f-confirmJumps');
    await page.click(`button:has-text("${l.submit}")`);
    expect(await page.textContent('.stored td[data-field="lits_occupes"]')).toBe('400');
    const row = page.locator('.recent-rows tr[data-key=\'["H02","2020-11-02"]\']');
    expect(await row.locator('.badge').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    // Correct: the form is filled with the row; sending updates it.
    await row.locator('a.correct').click();
    expect(await page.textContent('#correcting')).toContain(l.correcting);
    expect(await page.inputValue('#f-lits_occupes')).toBe('400');
    await page.fill('#f-lits_occupes', '40');
    await page.fill('#f-reason', 'typo');
    await page.click(`button:has-text("${l.submit}")`);
    expect(await page.textContent('.stored td[data-field="lits_occupes"]')).toBe('40');
    // Retract: asks a reason, then removes the row.
    await page.locator('.recent-rows tr[data-key=\'["H02","2020-11-02"]\'] a.retract').click();
    expect(await axeViolations(page)).toEqual([]);
    await page.fill('#retract-reason', 'wrong day');
    await page.click('.retract button[type=submit]');
    expect(await page.textContent('#retracted')).toBe(l.retracted);
    expect(await page.locator('.recent-rows tr[data-key=\'["H02","2020-11-02"]\']').count()).toBe(0);
    const api = await (await fetch(`${server.url}/api/datasets/${SLUG}/rows?etablissement=H02&jour=${day}`)).json();
    expect(api.rows).toEqual([]);
    // The live figures page shows the retraction and its reason, and is accessible.
    await page.goto(`${server.url}${l.prefix}/reporting/${SLUG}/`);
    expect(await page.locator('.revision-history tr[data-action="retract"]').first().textContent()).toContain('wrong day');
    expect(await axeViolations(page)).toEqual([]);
    // Sign out: the form asks for a token again.
    await page.goto(`${server.url}${l.prefix}/report/${SLUG}/`);
    await page.click(`button:has-text("${l.signout}")`);
    expect(await page.locator('#token').count()).toBe(1);
    await context.close();
  });
}
