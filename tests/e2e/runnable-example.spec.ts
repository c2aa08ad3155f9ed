import { axeViolations, expect, test } from './fixtures.ts';

test.describe('editable runnable examples', () => {
  test('Edit loads an editor on demand; Run runs the edited code; Reset restores the original', async ({ page, consoleErrors }) => {
    const editorScripts: string[] = [];
    page.on('request', (request) => {
      if (/runnable-editor/.test(request.url())) editorScripts.push(request.url());
    });
    await page.goto('/websockets/');
    await page.waitForLoadState('networkidle');
    // No editor code on page load: it costs nothing until a reader asks for it.
    expect(editorScripts).toEqual([]);

    const example = page.locator('runnable-example').first();
    const output = example.locator('[data-output]');
    const edit = example.getByRole('button', { name: 'Edit “The classic WebSocket example”' });
    const reset = example.getByRole('button', { name: 'Reset' });
    await expect(reset).toBeHidden();

    // Keyboard only: Enter on Edit opens the editor with the focus in it.
    await edit.focus();
    await page.keyboard.press('Enter');
    const editor = example.getByRole('textbox', { name: 'Code of “The classic WebSocket example”, editable' });
    await expect(editor).toBeFocused();
    expect(editorScripts.length).toBeGreaterThan(0);
    await expect(edit).toBeHidden();
    await expect(reset).toBeDisabled();
    await expect(editor).toContainText('socket.send("Hello Server")');

    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('console.log("edited by the reader");');
    await expect(editor).toContainText('console.log("edited by the reader");');
    await expect(reset).toBeEnabled();
    // Tab leaves the editor rather than being swallowed as an indent.
    await page.keyboard.press('Tab');
    await expect(editor).not.toBeFocused();

    await example.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(example.getByRole('status')).toHaveText(/Running your edited version|Running — listening/);
    await expect(output).toContainText('edited by the reader');
    await expect(output).toContainText('Hello Server');
    await example.getByRole('button', { name: 'Stop' }).click();

    // Reset: the original code again, Reset disables itself and the focus stays in the editor.
    await reset.focus();
    await page.keyboard.press('Enter');
    await expect(editor).toBeFocused();
    await expect(editor).not.toContainText('edited by the reader');
    await expect(reset).toBeDisabled();
    await example.getByRole('button', { name: 'Run again' }).click();
    await expect(output).toContainText('Hello Server');
    await expect(output).not.toContainText('edited by the reader');
    await example.getByRole('button', { name: 'Stop' }).click();

    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('without JavaScript the example reads as code, and Edit is shown disabled', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/short-polling/');
    const example = page.locator('runnable-example').first();
    await expect(example.getByText('for (let i = 1; i <= 10; i++)')).toBeVisible();
    await expect(example.getByRole('button', { name: /^Edit/ })).toBeDisabled();
    await context.close();
  });
});
