import { axeViolations, expect, test } from './fixtures.ts';

test.describe('Scaling-out page', () => {
  test('on one process: says so, and shows the one instance serving all three connections, with no gap or duplicate', async ({
    page,
    consoleErrors,
  }) => {
    await page.goto('/scaling-out/');
    const widget = page.locator('cluster-view');
    await expect(widget.locator('[data-mode]')).toContainText('One process, no cluster');
    await widget.getByRole('button', { name: 'Connect', exact: true }).click();
    const rows = widget.locator('[data-connections] tr');
    await expect(rows).toHaveCount(3);
    const instance = (await widget.locator('[data-instances] tr td').first().innerText()).trim();
    for (let index = 0; index < 3; index += 1) {
      const cells = rows.nth(index).locator('td');
      await expect(cells.nth(1)).toHaveText(instance, { timeout: 10_000 });
      await expect.poll(async () => Number(await cells.nth(2).innerText()), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      await expect(cells.nth(3)).toHaveText('0');
      await expect(cells.nth(4)).toHaveText('0');
    }
    await expect(widget.locator('[data-instances]')).toContainText('local clusters only');
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
