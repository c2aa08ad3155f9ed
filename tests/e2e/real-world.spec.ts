import { axeViolations, counter, expect, test } from './fixtures.ts';

test.describe('Real-world page', () => {
  test('the fallback client keeps delivering with WebSockets blocked, losing nothing across the switches', async ({
    page,
    consoleErrors,
  }) => {
    await page.goto('/real-world/');
    const demo = page.locator('fallback-demo');
    await demo.getByRole('button', { name: 'Start' }).click();
    await expect(demo.locator('[data-count="transport"]')).toHaveText('WebSocket');
    await expect.poll(async () => Number(await counter(demo, 'Events by WebSocket')), { timeout: 10_000 }).toBeGreaterThan(1);

    await demo.getByRole('checkbox', { name: 'A proxy refuses the WebSocket upgrade' }).check();
    await expect(demo.locator('[data-count="transport"]')).toHaveText('long polling (fallback)');
    await expect(demo.getByRole('status')).toContainText('The WebSocket upgrade failed');
    await expect.poll(async () => Number(await counter(demo, 'Events by long polling')), { timeout: 10_000 }).toBeGreaterThan(2);

    await demo.getByRole('checkbox', { name: 'A proxy refuses the WebSocket upgrade' }).uncheck();
    await expect(demo.locator('[data-count="transport"]')).toHaveText('WebSocket');
    const before = Number(await counter(demo, 'Events by WebSocket'));
    await expect.poll(async () => Number(await counter(demo, 'Events by WebSocket')), { timeout: 10_000 }).toBeGreaterThan(before + 1);
    await expect(demo.locator('[data-count="integrity"]')).toHaveText('0 / 0');
    await expect(demo.locator('[data-count="switches"]')).toHaveText('2');

    // The browser itself saw the refused upgrade; Chromium logs it as a console error, which is the point of the demo.
    const others = consoleErrors.filter((text) => !/WebSocket connection to '.*\/api\/ws\/blocked' failed/.test(text));
    expect(others).toEqual([]);
    expect(consoleErrors.length).toBeGreaterThan(0);
  });

  test('starting with WebSockets blocked goes straight to long polling, and leaving releases everything', async ({ page, request }) => {
    await page.goto('/real-world/');
    const demo = page.locator('fallback-demo');
    await demo.getByRole('checkbox', { name: 'A proxy refuses the WebSocket upgrade' }).check();
    await demo.getByRole('button', { name: 'Start' }).click();
    await expect(demo.locator('[data-count="transport"]')).toHaveText('long polling (fallback)');
    await expect.poll(async () => Number(await counter(demo, 'Events by long polling')), { timeout: 10_000 }).toBeGreaterThan(2);
    await expect(demo.locator('[data-count="websocket"]')).toHaveText('0');
    await expect(demo.locator('[data-count="integrity"]')).toHaveText('0 / 0');
    await page.goto('about:blank');
    await expect
      .poll(async () => {
        const stats = (await (await request.get('/api/stats')).json()) as { sseStreams: number; webSockets: number; longPolls: number };
        return [stats.sseStreams, stats.webSockets, stats.longPolls];
      })
      .toEqual([0, 0, 0]);
  });

  test('the SSE price board updates live; the chat room is embedded; axe clean', async ({ page, consoleErrors }) => {
    await page.goto('/real-world/');
    const board = page.locator('ticker-board');
    // The board starts by itself when it scrolls into view.
    await board.scrollIntoViewIfNeeded();
    await expect(board.locator('[data-state]')).toHaveText('open');
    await expect.poll(async () => board.locator('tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    // The board joins "±" to its number with a no-break space, so a phone's narrow column never splits "(± 3)".
    await expect(board.locator('tbody tr').first().locator('td').nth(2)).toHaveText(/^(\d+ ms|≈ 0 ms \(±\u00a0\d+\))$/);
    await expect(page.locator('chat-room [data-state]')).toHaveText('open');
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
