import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
const errors = []; p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); }); p.on('pageerror', (e) => errors.push(String(e)));
await p.goto(process.argv[2]);
if (process.argv[4]) { await p.fill('#catalog-q', process.argv[4]); await p.waitForTimeout(800); }
await p.screenshot({ path: process.argv[3], fullPage: true });
console.log(errors.join('\n'));
await b.close();
