import { axeViolations, expect, test } from './fixtures.ts';

test.describe('the site', () => {
  test('home page introduces the site and has no accessibility violations', async ({ page, consoleErrors }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Realtime Lab');
    await expect(page.getByRole('heading', { name: 'The four transports at a glance' })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('every link in the navigation leads to a page that exists', async ({ page, request }) => {
    // The home page is a splash page without the sidebar; any docs page has it.
    await page.goto('/server-sent-events/');
    const hrefs = await page.locator('nav[aria-label="Main"] a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThanOrEqual(2);
    for (const href of hrefs) {
      const response = await request.get(href!);
      expect(response.status(), href!).toBe(200);
    }
  });
});
