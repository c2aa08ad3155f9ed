import { axeViolations, expect, test } from './fixtures.ts';

test.describe('Home page chooser', () => {
  test('answers change the recommendation and its link; the page links the comparison pages', async ({ page, consoleErrors }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Which one should I use?' })).toBeVisible();
    const chooser = page.locator('transport-chooser');
    const pick = chooser.getByRole('status').getByRole('link');
    // Default answers (server to client, every few seconds, no old proxies): SSE.
    await expect(pick).toHaveText('Server-Sent Events');
    await expect(pick).toHaveAttribute('href', '/server-sent-events/');

    await chooser.getByRole('radio', { name: /Both sides, often/ }).check();
    await expect(pick).toHaveText('WebSockets');
    await expect(pick).toHaveAttribute('href', '/websockets/');

    await chooser
      .getByRole('group', { name: /old proxies/ })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await expect(pick).toHaveText('Long polling');
    await expect(chooser.getByRole('status').getByRole('listitem').first()).toContainText('refuse the WebSocket upgrade');

    await chooser.getByRole('radio', { name: /Rarely/ }).check();
    await expect(pick).toHaveText('Short polling');
    await expect(pick).toHaveAttribute('href', '/short-polling/');

    // Rare but urgent (a fraud alert) needs a push; behind the old proxy that is long polling.
    await chooser.getByRole('radio', { name: /Within seconds/ }).check();
    await expect(pick).toHaveText('Long polling');
    await expect(chooser.getByRole('status').getByRole('listitem').first()).toContainText('rare but must be seen at once');

    await expect(page.getByRole('link', { name: 'comparison page' })).toHaveAttribute('href', '/comparison/');
    await expect(page.getByRole('link', { name: 'real-world patterns' })).toHaveAttribute('href', '/real-world/');
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
