import { axeViolations, counter, expect, test } from './fixtures.ts';

test.describe('Server-Sent Events page', () => {
  test('shows live ticker events with clock-corrected latency and server-counted bytes', async ({ page, consoleErrors }) => {
    await page.goto('/server-sent-events/');
    const widget = page.locator('sse-demo');
    // The stream starts by itself once the reader scrolls to it, and not before.
    await expect(widget.locator('[data-state]')).toHaveText('not connected');
    await widget.scrollIntoViewIfNeeded();
    await expect(widget.locator('[data-state]')).toHaveText('open');
    await expect(widget.getByRole('button', { name: 'Disconnect' })).toBeVisible();
    await expect.poll(async () => Number(await counter(widget, 'Events live')), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await expect(widget.getByRole('log').locator('li').first()).toContainText(/[A-Z]+ \d+\.\d\d/);
    // Never a negative latency, nor one below the clock's uncertainty, shown as a number.
    const latency = /(\d+ ms|≈ 0 ms \(± \d+\))/.source;
    expect(await counter(widget, 'Latency last')).toMatch(new RegExp(`^${latency} · ${latency} · ${latency}$`));
    expect(await counter(widget, 'Latency last')).not.toContain('-');
    expect(await counter(widget, 'Body bytes')).toMatch(/\d/);
    expect(await counter(widget, 'Body bytes')).not.toBe('0 B');
    await expect(widget.locator('[data-wire]')).toContainText('retry: 1000');
    await expect(widget.locator('[data-wire]')).toContainText(/id: [0-9a-z]+-\d+\ndata: \{"id"/);
    expect(consoleErrors).toEqual([]);
  });

  test('drop → the browser reconnects by itself and resumes with nothing missed or repeated', async ({ page, consoleErrors }) => {
    await page.goto('/server-sent-events/');
    const widget = page.locator('sse-demo');
    await widget.scrollIntoViewIfNeeded();
    await expect.poll(async () => Number(await counter(widget, 'Events live')), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const drop = widget.getByRole('button', { name: 'Drop the connection' });
    await drop.focus();
    await page.keyboard.press('Enter');
    // Drop disables itself; the keyboard focus moves to a control that stays live, not to <body>.
    await expect(drop).toBeDisabled();
    await expect(widget.getByRole('button', { name: 'Disconnect' })).toBeFocused();
    const report = widget.getByRole('status');
    await expect(report).toContainText('Reconnected', { timeout: 10_000 });
    await expect(report).toContainText(/sending Last-Event-ID: [0-9a-z]+-\d+\. The server replayed (\d+) events?/);
    await expect(report).toContainText('Missed so far: 0, repeated: 0.');
    expect(await counter(widget, 'Reconnects')).toBe('1');
    // The ticker publishes every 500 ms and the browser waits 1 s before reconnecting, so events were replayed.
    expect(Number(await counter(widget, 'Replayed'))).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => Number(await counter(widget, 'Events live'))).toBeGreaterThan(3);
    expect(await counter(widget, 'Missed / repeated')).toBe('0 / 0');
    await expect(widget.locator('[data-wire]')).toContainText('the server ended this stream');
    expect(consoleErrors).toEqual([]);
  });

  test('a notification sent from the page arrives over the stream in well under a second', async ({ page, consoleErrors }) => {
    await page.goto('/server-sent-events/');
    const widget = page.locator('sse-demo');
    await widget.scrollIntoViewIfNeeded();
    await expect(widget.locator('[data-state]')).toHaveText('open');
    await expect(widget.getByLabel('Topic')).toHaveValue('ticker');
    await widget.getByLabel('Notification', { exact: true }).fill('<b>not bold</b>');
    // Sent while watching the ticker: the widget switches to "notifications" first, so the event is seen.
    await widget.getByRole('button', { name: 'Send a notification now' }).click();
    await expect(widget.getByLabel('Topic')).toHaveValue('notifications');
    await expect(widget.getByRole('status')).toContainText(/arrived (\d+ ms|≈ 0 ms \(± \d+\)) after the server published it/);
    // Rendered as text, never as HTML.
    await expect(widget.getByRole('log').locator('li').first()).toContainText('🔔 <b>not bold</b>');
    await expect(widget.getByRole('log').locator('b')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });

  test("the seed's snippet runs as written and prints events", async ({ page, consoleErrors }) => {
    await page.goto('/server-sent-events/');
    const example = page.locator('runnable-example').first();
    await example.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(example.locator('[data-output]')).toContainText('New event: {"id":', { timeout: 10_000 });
    await example.getByRole('button', { name: 'Stop' }).click();
    await expect(example.getByRole('status')).toHaveText('Stopped.');
    expect(consoleErrors).toEqual([]);
  });

  test('has no accessibility violations, before and while streaming', async ({ page }) => {
    await page.goto('/server-sent-events/');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('sse-demo').scrollIntoViewIfNeeded();
    await expect.poll(async () => Number(await counter(page.locator('sse-demo'), 'Events live'))).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('explains itself without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/server-sent-events/');
    await expect(page.locator('sse-demo .widget-nojs')).toBeVisible();
    await expect(page.locator('sse-demo .widget-nojs')).toContainText('Last-Event-ID');
    // Nothing looks live that would do nothing without the script.
    for (const control of await page.locator('sse-demo').locator('button, select, input').all()) await expect(control).toBeDisabled();
    await context.close();
  });

  test('fits a phone screen without sideways scrolling @phone', async ({ page }) => {
    await page.goto('/server-sent-events/');
    await page.locator('sse-demo').scrollIntoViewIfNeeded();
    await expect.poll(async () => Number(await counter(page.locator('sse-demo'), 'Events live'))).toBeGreaterThan(2);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
  });
});
