import { SITE_PAGES } from '../support/site-pages.ts';
import { axeViolations, expect, test } from './fixtures.ts';

test.describe('accessibility of every page', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const path of SITE_PAGES) {
      test(`${path} in the ${scheme} scheme: axe (WCAG A/AA and best practices) finds nothing, nothing is wider than the screen @phone`, async ({
        page,
        consoleErrors,
      }) => {
        // Starlight keeps the reader's choice in localStorage; set it before the page loads.
        await page.addInitScript((theme) => localStorage.setItem('starlight-theme', theme), scheme);
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
        expect(await axeViolations(page)).toEqual([]);
        const width = page.viewportSize()!.width;
        const tooWide = await page.evaluate(
          (limit) =>
            [...document.querySelectorAll('main .widget, main table, main pre')]
              .filter((element) => element.getBoundingClientRect().width > limit + 0.5)
              .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
          width,
        );
        expect(tooWide).toEqual([]);
        expect(consoleErrors).toEqual([]);
      });
    }
  }
});
