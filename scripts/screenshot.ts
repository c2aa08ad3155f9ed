/**
 * Screenshots pages of a running server at desktop and phone widths, for looking at what we build.
 *   node scripts/screenshot.ts http://127.0.0.1:4321 /server-sent-events/ [more paths…]
 * Writes screenshots/<name>-desktop.png and -phone.png. Set CLICK='Connect' to press a button first
 * and WAIT_MS to let live data arrive.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

const [base = 'http://127.0.0.1:4321', ...paths] = process.argv.slice(2);
const widths = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
mkdirSync('screenshots', { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});
for (const path of paths.length ? paths : ['/']) {
  for (const [name, viewport] of Object.entries(widths)) {
    const page = await browser.newPage({ viewport, colorScheme: process.env.DARK ? 'dark' : 'light' });
    page.on('console', (message) => message.type() === 'error' && console.error(`[console] ${message.text()}`));
    await page.goto(base + path);
    for (const label of (process.env.CLICK ?? '').split(',').filter(Boolean)) {
      await page.getByRole('button', { name: label }).first().click();
      await page.waitForTimeout(Number(process.env.WAIT_MS ?? 1500));
    }
    if (process.env.SCROLL_TO) await page.locator(process.env.SCROLL_TO).first().scrollIntoViewIfNeeded();
    const file = `screenshots/${path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home'}-${name}.png`;
    await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
    console.log(file);
    await page.close();
  }
}
await browser.close();
