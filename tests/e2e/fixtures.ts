import { test as base, expect } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';

/** A page that records console errors and uncaught exceptions; each test ends by asserting there were none. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await use(errors);
  },
});

export { expect };

/**
 * Runs axe on the page (WCAG 2.x A and AA rules, and axe's best practices) and returns the violations. Starlight's own search
 * button is left out: its visible "Ctrl K" hint is not in its aria-label ("Search"), which axe's
 * label-content-name-mismatch rule flags; it is the framework's markup, not ours.
 */
export async function axeViolations(
  page: import('@playwright/test').Page,
): Promise<Array<{ id: string; help: string; targets: string[] }>> {
  const results = await new AxeBuilder({ page })
    .exclude('button[data-open-modal]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

/** The number shown in a widget counter, e.g. counter(page, 'Events live'). */
export async function counter(scope: import('@playwright/test').Locator, label: string): Promise<string> {
  // textContent, not innerText: counters past the key ones sit in a closed <details>, not rendered.
  return (
    (await scope
      .locator('div', { has: scope.page().locator('dt', { hasText: label }) })
      .locator('dd')
      .textContent()) ?? ''
  ).trim();
}
