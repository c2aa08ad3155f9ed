import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:4394';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [name, viewport] of Object.entries({ desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } })) {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport, colorScheme: scheme });
    page.on('console', (m) => m.type() === 'error' && console.error('[console]', m.text()));
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    await page.goto(base + '/interview/');
    await page.locator('scale-calculator').screenshot({ path: `/tmp/shots/calc-${name}-${scheme}.png` });
    const quiz = page.locator('quiz-bank');
    const first = quiz.locator('.quiz-question').first();
    // answer the first two questions
    for (const q of [first, quiz.locator('.quiz-question').nth(1)]) {
      const input = q.locator('input').first();
      if (await input.count()) await input.check();
      await q.getByRole('button', { name: 'Check answer' }).click();
    }
    await quiz.locator('.quiz-summary').screenshot({ path: `/tmp/shots/summary-${name}-${scheme}.png` });
    await first.screenshot({ path: `/tmp/shots/q1-${name}-${scheme}.png` });
    const order = quiz.locator('.quiz-question[data-kind="order"]').first();
    await order.scrollIntoViewIfNeeded();
    await order.screenshot({ path: `/tmp/shots/order-${name}-${scheme}.png` });
    await page.close();
  }
}
// no-JS view
const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
const page = await ctx.newPage();
await page.goto(base + '/interview/');
await page.locator('quiz-bank').locator('.quiz-question').first().screenshot({ path: '/tmp/shots/nojs-q1.png' });
await page.locator('quiz-bank .widget-head').screenshot({ path: '/tmp/shots/nojs-head.png' });
await browser.close();
