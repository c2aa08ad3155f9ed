import type { Page } from '@playwright/test';
import { SITE_PAGES } from '../support/site-pages.ts';
import { expect, test } from './fixtures.ts';

/**
 * The phone-width rule: nothing on a page is wider than the screen, and nothing scrolls sideways,
 * except code blocks (`pre`): a line of code or a wire dump is not broken mid-token, so a code block
 * may scroll inside itself (Expressive Code makes it a focusable region). Tables stack or wrap,
 * diagrams are drawn to fit, widgets wrap their controls. Screen-reader-only text (clipped to 1 px)
 * does not count.
 */
async function wideElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) found.push(`the page: ${document.documentElement.scrollWidth} px`);
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element.closest('pre, .sr-only') || element.getClientRects().length === 0) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden') continue;
      const name = `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ')[0]}` : ''}`;
      const box = element.getBoundingClientRect();
      if (box.right > width + 0.5) found.push(`${name} ends at ${Math.round(box.right)} px`);
      else if (['auto', 'scroll'].includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1) {
        found.push(`${name} scrolls sideways (${element.scrollWidth} px in ${element.clientWidth})`);
      }
    }
    return found;
  });
}

/**
 * The widget rule at phone width: a widget's controls, tables and text stay inside its padding (a
 * wide `<select>` once ran to the widget's border).
 */
async function widgetMisfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const visible = (element: Element) => !element.closest('pre, .sr-only') && element.getClientRects().length > 0;
    for (const widget of document.querySelectorAll<HTMLElement>('main .widget')) {
      if (!visible(widget)) continue;
      const widgetName = widget.tagName.toLowerCase();
      const box = widget.getBoundingClientRect();
      const style = getComputedStyle(widget);
      const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
      const right = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
      for (const element of widget.querySelectorAll<HTMLElement>('*')) {
        if (!visible(element) || getComputedStyle(element).visibility === 'hidden') continue;
        const rect = element.getBoundingClientRect();
        if (rect.width > 0 && (rect.left < left - 0.5 || rect.right > right + 0.5)) {
          found.push(
            `${widgetName} ${element.tagName.toLowerCase()} spans ${Math.round(rect.left)}–${Math.round(rect.right)} px, past the padding (${Math.round(left)}–${Math.round(right)})`,
          );
        }
      }
    }
    return found;
  });
}

/**
 * Words drawn over two lines in the visible text under `rootSelector` (roots inside `rootExclude` are
 * skipped): text wraps between words, never inside one. Widget table headers once broke as
 * "Duplic|ates", the interview cheat sheet as "Overhea|d" and, at 1280 px, "Directio|n". Code may
 * break anywhere; it is not prose.
 */
async function splitWords(page: Page, rootSelector: string, rootExclude: string): Promise<string[]> {
  return page.evaluate(
    ({ rootSelector, rootExclude }) => {
      const found: string[] = [];
      const words = new Intl.Segmenter('en', { granularity: 'word' });
      const shown = (element: Element) => element.getClientRects().length > 0;
      for (const root of document.querySelectorAll<HTMLElement>(rootSelector)) {
        if (root.closest(rootExclude) || !shown(root)) continue;
        const rootName =
          root.tagName === 'TABLE' ? `table "${root.querySelector('th')?.textContent?.trim()}…"` : root.tagName.toLowerCase();
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          const parent = node.parentElement;
          if (!parent || parent.closest('code, pre, .sr-only') || !shown(parent)) continue;
          for (const { segment, index, isWordLike } of words.segment(node.data)) {
            if (!isWordLike) continue;
            // A word drawn on two lines gives two client rects at different heights.
            const range = document.createRange();
            range.setStart(node, index);
            range.setEnd(node, index + segment.length);
            const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
            if (lines.size > 1) found.push(`${rootName} ${parent.tagName.toLowerCase()}: "${segment}" breaks over ${lines.size} lines`);
          }
        }
      }
      return found;
    },
    { rootSelector, rootExclude },
  );
}

/** Words split in a widget's text. */
const splitWordsInWidgets = (page: Page) => splitWords(page, 'main .widget', 'pre, .sr-only');
/** Words split in a Markdown table outside the widgets. */
const splitWordsInProseTables = (page: Page) => splitWords(page, 'main table', '.widget, pre, .sr-only');

test.describe('every page on a 390 px phone', () => {
  for (const path of SITE_PAGES) {
    test(`${path} has nothing wider than the screen but code blocks, widgets fit inside their padding, and widgets and tables wrap between words @phone`, async ({
      page,
    }, testInfo) => {
      // At desktop width Starlight's fixed right sidebar reaches past the window on purpose; the rule is about phones.
      test.skip(testInfo.project.name !== 'phone', 'phone width only');
      await page.goto(path);
      // Scroll through once, so widgets that start when seen have started and drawn their first rows.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0; y < height; y += 700) await page.evaluate((top) => window.scrollTo(0, top), y);
      // Long enough for the price board's first rows (a regression: its table grew past the screen once prices arrived).
      await page.waitForTimeout(2500);
      expect(await wideElements(page)).toEqual([]);
      expect(await widgetMisfits(page)).toEqual([]);
      expect(await splitWordsInWidgets(page)).toEqual([]);
      expect(await splitWordsInProseTables(page)).toEqual([]);
    });
  }
});

test.describe('every page at desktop width', () => {
  test('Markdown tables keep their words whole', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'the phone has its own check');
    // Regression: cells allowed to break "anywhere" let a five-column table shrink to "Directio|n" at 1280 px.
    for (const path of SITE_PAGES) {
      await page.goto(path);
      expect(await splitWordsInProseTables(page), path).toEqual([]);
    }
  });
});

test.describe('without JavaScript', () => {
  test('no widget control looks live: every button, field and choice is disabled until the script runs', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of SITE_PAGES) {
      await page.goto(path);
      // The quiz is the exception by design: without JavaScript it is a self-check, pick an answer and open "Show the answer".
      const live = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLInputElement>('.widget:not(quiz-bank) :is(button, input, select, textarea)')]
          .filter((control) => !control.disabled && control.getClientRects().length > 0)
          .map((control) => `${control.closest('.widget')!.tagName.toLowerCase()} ${control.name || control.textContent?.trim()}`),
      );
      expect(live, path).toEqual([]);
    }
    await context.close();
  });
});

test.describe('widget layout', () => {
  test('two-column logs start level, and counter values sit flush under their labels', async ({ page }) => {
    for (const path of ['/short-polling/', '/long-polling/', '/server-sent-events/', '/real-world/']) {
      await page.goto(path);
      const rows = await page.evaluate(() =>
        [...document.querySelectorAll('.widget-columns')].map((columns) =>
          [...columns.children].map((column) => Math.round(column.querySelector('h4')!.getBoundingClientRect().top)),
        ),
      );
      expect(rows.length, path).toBeGreaterThan(0);
      // Regression: Starlight's sibling margin pushed the right column's heading 16 px below the left one.
      for (const tops of rows) expect(new Set(tops).size, `${path}: heading tops ${tops.join(', ')}`).toBe(1);
      const indents = await page.evaluate(() =>
        [...document.querySelectorAll('.widget-counters > div')]
          .filter((counter) => counter.getClientRects().length > 0)
          .map(
            (counter) =>
              counter.querySelector('dd')!.getBoundingClientRect().left - counter.querySelector('dt')!.getBoundingClientRect().left,
          ),
      );
      expect(indents.length, path).toBeGreaterThan(0);
      for (const indent of indents) expect(indent, path).toBe(0);
    }
  });

  test('the fallback demo has the same heading and log as the other widgets', async ({ page }) => {
    await page.goto('/real-world/');
    const demo = page.locator('fallback-demo');
    await expect(demo.getByRole('heading', { level: 3 })).toHaveClass(/widget-title/);
    const fallbackLog = await demo
      .locator('.widget-columns h4')
      .first()
      .evaluate((heading) => getComputedStyle(heading).fontSize);
    await page.goto('/server-sent-events/');
    const sseLog = await page
      .locator('sse-demo .widget-columns h4')
      .first()
      .evaluate((heading) => getComputedStyle(heading).fontSize);
    expect(fallbackLog).toBe(sseLog);
    await page.goto('/real-world/');
    await expect(demo.locator('ol.widget-log[data-events]')).toHaveAttribute('aria-labelledby', 'fallback-events');
  });

  test("the frame log explains a sent frame's ?? ?? ?? ?? mask bytes", async ({ page }) => {
    await page.goto('/websockets/');
    const note = page.locator('frame-log .frame-mask-note');
    await expect(note).toBeVisible();
    await expect(note).toContainText('?? ?? ?? ??');
    await expect(note).toContainText('masking key');
  });
});
