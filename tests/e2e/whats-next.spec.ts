import { axeViolations, counter, expect, test } from './fixtures.ts';

test.describe('What comes next page', () => {
  test('streams a reply token by token, with the framing on the wire and a time to first token', async ({ page, consoleErrors }) => {
    await page.goto('/whats-next/');
    const widget = page.locator('token-stream-demo');
    await widget.getByRole('textbox', { name: 'Prompt' }).fill('Explain streaming');
    await widget.getByRole('button', { name: 'Stream the reply' }).click();
    const report = widget.getByRole('status');
    await expect(report).toContainText(/^Finished: 60 tokens in [\d.]+ (ms|s), the first after \d+ ms\.$/, { timeout: 15_000 });
    expect(await counter(widget, 'Tokens')).toBe('60 / 60');
    expect(await counter(widget, 'Time to first token')).toMatch(/^\d+ ms$/);
    await expect(widget.locator('[data-reply]')).toContainText('“Explain streaming”:');
    await expect(widget.locator('[data-wire]')).toContainText('id: 0\nevent: token\ndata: {"text":');
    await expect(widget.locator('[data-wire]')).toContainText(/event: done\ndata: \{"tokens":60,"reason":"complete"/);
    expect(await counter(widget, 'Framing bytes')).toMatch(/^[\d.]+ k?B \(\d+ %\)$/);
    await expect(widget.getByRole('button', { name: 'Stop' })).toBeDisabled();
    expect(consoleErrors).toEqual([]);
  });

  test('Stop aborts the request and the server releases the stream', async ({ page, request, consoleErrors }) => {
    await page.goto('/whats-next/');
    const widget = page.locator('token-stream-demo');
    await widget.getByRole('button', { name: 'Stream the reply' }).click();
    await expect.poll(async () => Number((await counter(widget, 'Tokens')).split(' ')[0]), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await widget.getByRole('button', { name: 'Stop' }).click();
    await expect(widget.getByRole('status')).toContainText(/^Stopped after \d+ tokens: the request was aborted/);
    const shown = Number((await counter(widget, 'Tokens')).split(' ')[0]);
    expect(shown).toBeLessThan(60);
    await expect.poll(async () => ((await (await request.get('/api/stream')).json()) as { open: number }).open).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  test('has no accessibility violations, before and after streaming', async ({ page }) => {
    await page.goto('/whats-next/');
    expect(await axeViolations(page)).toEqual([]);
    const widget = page.locator('token-stream-demo');
    await widget.getByRole('button', { name: 'Stream the reply' }).click();
    await expect(widget.getByRole('status')).toContainText('Finished', { timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);
  });

  test('explains itself without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/whats-next/');
    await expect(page.locator('token-stream-demo .widget-nojs')).toBeVisible();
    await expect(page.locator('token-stream-demo .widget-nojs')).toContainText('AbortController');
    await context.close();
  });

  test('fits a phone screen without sideways scrolling @phone', async ({ page, consoleErrors }) => {
    await page.goto('/whats-next/');
    const widget = page.locator('token-stream-demo');
    await widget.getByRole('button', { name: 'Stream the reply' }).click();
    await expect(widget.getByRole('status')).toContainText('Finished', { timeout: 15_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    const box = await widget.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    expect(consoleErrors).toEqual([]);
  });
});
