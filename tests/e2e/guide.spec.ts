import { axeViolations, expect, test } from './fixtures.ts';

test.describe('guided steps inside the widgets', () => {
  test('short polling: each step points at its control and moves on when the reader uses it', async ({ page, consoleErrors }) => {
    await page.goto('/short-polling/');
    const widget = page.locator('short-poll-demo');
    const guide = widget.getByRole('group', { name: 'Try it' });
    // Start and Stop are one button.
    const start = widget.locator('[data-start]');
    const slider = widget.getByRole('slider', { name: 'Interval' });

    await expect(guide.locator('[data-guide-progress]')).toHaveText('Step 1 of 5');
    await expect(guide.locator('li[aria-current="step"]')).toContainText('Press Start.');
    await expect(start).toHaveClass(/guide-target/);
    // One step at a time: the later ones are hidden until their turn.
    await expect(guide.locator('li', { hasText: 'Open More numbers' })).toBeHidden();

    await start.click();
    await expect(guide.locator('[data-guide-progress]')).toHaveText('Step 2 of 5');
    await expect(start).not.toHaveClass(/guide-target/);
    await expect(slider).toHaveClass(/guide-target/);
    // The step just done stays readable above the current one.
    await expect(guide.locator('li.is-done', { hasText: 'Press Start.' })).toBeVisible();

    // Keyboard: "Show me" takes the focus to the control, and using it from the keyboard counts.
    await guide.getByRole('button', { name: 'Show me' }).press('Enter');
    await expect(slider).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(guide.locator('[data-guide-progress]')).toHaveText('Step 3 of 5');
    await expect(widget.getByLabel('Topic')).toHaveClass(/guide-target/);

    await widget.getByLabel('Topic').selectOption('notifications');
    await expect(guide.locator('[data-guide-progress]')).toHaveText('Step 4 of 5');

    // Back and Skip move freely without using the controls.
    await guide.getByRole('button', { name: 'Back' }).click();
    await expect(guide.locator('[data-guide-progress]')).toHaveText('Step 3 of 5');
    await guide.getByRole('button', { name: 'Skip' }).click();
    await expect(guide.locator('[data-guide-progress]')).toHaveText('Step 4 of 5');
    await expect(widget.getByRole('button', { name: 'Publish now' })).toHaveClass(/guide-target/);
    await widget.getByRole('button', { name: 'Publish now' }).click();
    await expect(guide.locator('[data-guide-progress]')).toHaveText('Step 5 of 5');

    await widget.locator('details.widget-more > summary').click();
    await expect(guide.locator('[data-guide-progress]')).toHaveText('All 5 steps done.');
    await expect(widget.locator('.guide-target')).toHaveCount(0);
    await guide.getByRole('button', { name: 'Show the steps again' }).click();
    await expect(guide.locator('[data-guide-progress]')).toHaveText('Step 1 of 5');
    await widget.getByRole('button', { name: 'Stop' }).click();
    expect(consoleErrors).toEqual([]);
  });

  test('long polling: a select step waits for the value it names', async ({ page, consoleErrors }) => {
    await page.goto('/long-polling/');
    const widget = page.locator('long-poll-demo');
    const progress = widget.locator('[data-guide-progress]');
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(progress).toHaveText('Step 2 of 5');
    await widget.getByLabel('Topic').selectOption('notifications');
    await expect(progress).toHaveText('Step 3 of 5');
    await widget.getByLabel('Timeout').selectOption('15');
    await expect(progress).toHaveText('Step 3 of 5');
    await widget.getByLabel('Timeout').selectOption('5');
    await expect(progress).toHaveText('Step 4 of 5');
    await widget.getByRole('button', { name: 'Stop' }).click();
    expect(consoleErrors).toEqual([]);
  });

  test('the chat: joining and sending move the steps on, and the next ones point into the frame log', async ({ page, consoleErrors }) => {
    await page.goto('/websockets/');
    const chat = page.locator('chat-room');
    const progress = chat.locator('[data-guide-progress]');
    await expect(progress).toHaveText('Step 1 of 5');
    await expect(chat.locator('[data-state]')).toHaveText('open');
    await chat.getByRole('textbox', { name: 'Your name' }).fill('Guide');
    await chat.getByRole('textbox', { name: 'Room' }).fill(`guide-${Date.now().toString(36)}`);
    await chat.getByRole('textbox', { name: 'Your name' }).press('Enter');
    await expect(progress).toHaveText('Step 2 of 5');
    await expect(chat.getByRole('textbox', { name: 'Message' })).toBeEnabled();
    await chat.getByRole('textbox', { name: 'Message' }).fill('hello');
    await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(progress).toHaveText('Step 3 of 5');
    const ping = page.locator('frame-log').getByRole('button', { name: 'Send a ping message' });
    await expect(ping).toHaveClass(/guide-target/);
    await ping.click();
    await expect(progress).toHaveText('Step 4 of 5');
    expect(consoleErrors).toEqual([]);
  });

  test('without JavaScript every step is listed', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/server-sent-events/');
    const steps = page.locator('sse-demo [data-guide-steps] > li');
    await expect(steps).toHaveCount(4);
    for (const step of await steps.all()) await expect(step).toBeVisible();
    await expect(page.locator('sse-demo [data-guide-nav]')).toBeHidden();
    await context.close();
  });

  test('the self-starting streams wait for their button when the reader asks for less motion', async ({ page, consoleErrors }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/server-sent-events/');
    const widget = page.locator('sse-demo');
    await widget.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500);
    await expect(widget.locator('[data-state]')).toHaveText('not connected');
    await widget.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(widget.locator('[data-state]')).toHaveText('open');

    await page.goto('/real-world/');
    const board = page.locator('ticker-board');
    await board.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500);
    await expect(board.locator('[data-state]')).toHaveText('not connected');
    expect(consoleErrors).toEqual([]);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`axe finds nothing in a guide mid-way, ${scheme} scheme`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/short-polling/');
      const widget = page.locator('short-poll-demo');
      await widget.getByRole('button', { name: 'Start' }).click();
      await expect(widget.locator('[data-guide-progress]')).toHaveText('Step 2 of 5');
      expect(await axeViolations(page)).toEqual([]);
      await widget.getByRole('button', { name: 'Stop' }).click();
    });
  }
});
