import { axeViolations, expect, test } from './fixtures.ts';

test.describe('scale calculator presets', () => {
  test('a preset fills the inputs and says what runs out first for each transport', async ({ page, consoleErrors }) => {
    await page.goto('/interview/');
    const calculator = page.locator('scale-calculator');
    const card = (name: string) => calculator.getByRole('region', { name });
    const breaks = (name: string) => card(name).locator('[data-out$="breaks.' + TRANSPORT[name] + '.result"]');
    // No calculator code with the page: it loads as the reader scrolls near it.
    await expect(calculator.getByRole('button', { name: 'Chat' })).toBeDisabled();
    await calculator.scrollIntoViewIfNeeded();
    // The defaults (10,000 users) fit on one server for every transport.
    await expect(breaks('Server-Sent Events')).toHaveText('open connections: 1 server');

    const notifications = calculator.getByRole('button', { name: 'Notifications for 1M users' });
    await notifications.click();
    await expect(notifications).toHaveAttribute('aria-pressed', 'true');
    await expect(calculator.getByLabel('Concurrent users')).toHaveValue('1000000');
    await expect(calculator.getByLabel('Events per user per minute')).toHaveValue('0.5');
    await expect(calculator.getByLabel('Short-poll interval')).toHaveValue('10');
    await expect(calculator.locator('[data-situation]')).toContainText('A million people online');
    await expect(breaks('Short polling')).toHaveText('requests per second: 10 servers');
    await expect(card('Short polling').locator('[data-out$="breaks.shortPolling.numbers"]')).toHaveText(
      '100,000 /s ÷ 10,000 /s per server',
    );
    await expect(breaks('Long polling')).toHaveText('open connections: 10 servers');
    await expect(breaks('WebSockets')).toHaveText('open connections: 10 servers');

    // The keyboard works too: Enter on the Ticker preset; the push transports now run out of bandwidth.
    const ticker = calculator.getByRole('button', { name: 'Ticker' });
    await ticker.focus();
    await page.keyboard.press('Enter');
    await expect(ticker).toHaveAttribute('aria-pressed', 'true');
    await expect(notifications).toHaveAttribute('aria-pressed', 'false');
    await expect(calculator.getByLabel('Events per user per minute')).toHaveValue('600');
    await expect(breaks('Server-Sent Events')).toHaveText('bandwidth: 3 servers');
    await expect(breaks('Long polling')).toHaveText('requests per second: 200 servers');
    await expect(calculator.locator('[data-announcer]')).toContainText('Runs out first: short polling requests per second: 20 servers');

    // Changing one number leaves the preset: no button claims the form any more.
    await calculator.getByLabel('Concurrent users').fill('1000');
    await expect(ticker).toHaveAttribute('aria-pressed', 'false');
    await expect(calculator.locator('[data-situation]')).toHaveText('');
    await expect(breaks('Server-Sent Events')).toHaveText('bandwidth: 1 server');
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('without JavaScript the presets are shown disabled beside the worked example', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/interview/');
    const calculator = page.locator('scale-calculator');
    await expect(calculator.getByRole('button', { name: 'Chat' })).toBeDisabled();
    await expect(calculator.getByRole('region', { name: 'Short polling' }).getByText('requests per second: 1 server')).toBeVisible();
    await context.close();
  });
});

const TRANSPORT: Record<string, string> = {
  'Short polling': 'shortPolling',
  'Long polling': 'longPolling',
  'Server-Sent Events': 'sse',
  WebSockets: 'webSocket',
};
