import type { Locator, Page } from '@playwright/test';
import { axeViolations, expect, test } from './fixtures.ts';

const STORAGE_KEY = 'realtime-lab:interview-quiz';
const TOTAL = 73;

/** A question of the quiz by its id in the bank. */
function question(page: Page, id: string): Locator {
  return page.locator(`quiz-bank .quiz-question[data-id="${id}"]`);
}

/** The id of the one question the quiz shows. */
function shownId(page: Page): Promise<string | null> {
  return page.locator('quiz-bank .quiz-question').getAttribute('data-id');
}

/**
 * Steps to the question `id` with the keyboard (Enter on Next, then on Previous once past the end),
 * as a reader would, and returns it. The order is shuffled per attempt, so the walk length varies.
 */
async function goTo(page: Page, id: string): Promise<Locator> {
  const quiz = page.locator('quiz-bank');
  const next = quiz.getByRole('button', { name: /^(Next|See your score)$/ });
  const previous = quiz.getByRole('button', { name: 'Previous', exact: true });
  for (const [button, end] of [
    [next, async () => (await next.textContent()) === 'See your score'],
    [previous, async () => (await previous.getAttribute('aria-disabled')) === 'true'],
  ] as const) {
    while ((await shownId(page)) !== id && !(await end())) {
      await button.focus();
      await page.keyboard.press('Enter');
    }
  }
  expect(await shownId(page)).toBe(id);
  return question(page, id);
}

/** The ids of the first `count` questions of the attempt (steps from the start, then back). */
async function firstIds(page: Page, count: number): Promise<string[]> {
  const quiz = page.locator('quiz-bank');
  const previous = quiz.getByRole('button', { name: 'Previous', exact: true });
  while ((await previous.getAttribute('aria-disabled')) !== 'true') await previous.click();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await shownId(page))!);
    await quiz.getByRole('button', { name: 'Next', exact: true }).click();
  }
  return ids;
}

/** Puts an ordering question's items into `wanted` order with the keyboard (Enter on the Up buttons). */
async function arrange(item: Locator, wanted: string[]): Promise<void> {
  // The order is shuffled per attempt and is sometimes already right; one move first makes sure the
  // test always exercises (and hears announced) at least one move. (It failed once when no move was made.)
  const second = (await item.locator('.quiz-item-text').allInnerTexts())[1]!;
  await item.getByRole('button', { name: `Move “${second}” up` }).focus();
  await item.page().keyboard.press('Enter');
  for (const [position, text] of wanted.entries()) {
    const texts = await item.locator('.quiz-item-text').allInnerTexts();
    for (let at = texts.indexOf(text); at > position; at--) {
      await item.getByRole('button', { name: `Move “${text}” up` }).focus();
      await item.page().keyboard.press('Enter');
    }
  }
  expect(await item.locator('.quiz-item-text').allInnerTexts()).toEqual(wanted);
}

/** Fails unless the quiz's progress bar is fully on screen and not under the site's header bars. */
async function expectStickyBarInView(page: Page): Promise<void> {
  const bar = await page.locator('quiz-bank [data-progress]').boundingBox();
  const headerBottom = await page.evaluate(() =>
    Math.max(
      ...[...document.querySelectorAll('header, mobile-starlight-toc nav')].map((element) => element.getBoundingClientRect().bottom),
    ),
  );
  expect(bar).not.toBeNull();
  expect(bar!.y).toBeGreaterThanOrEqual(headerBottom);
  expect(bar!.y + bar!.height).toBeLessThanOrEqual(page.viewportSize()!.height);
}

function scoreRow(page: Page, topic: string): Locator {
  return page.locator('quiz-bank .quiz-topics').getByRole('row', { name: new RegExp(`^${topic}`) });
}

test.describe('interview quiz', () => {
  test('marks right and wrong answers, scores by topic, reviews what was missed, and keeps it all over a reload', async ({
    page,
    consoleErrors,
  }) => {
    // Stepping to shuffled questions with the keyboard can walk through many of the 73, one Enter each.
    test.setTimeout(240_000);
    await page.goto('/interview/');
    const quiz = page.locator('quiz-bank');
    const announcer = quiz.locator('[data-announcer]');
    await expect(quiz.getByText(`0 right of 0 answered, ${TOTAL} questions.`)).toBeVisible();

    // Right, with the keyboard only: Space picks the radio, Enter presses Check, the focus lands on the verdict.
    const frame = await goTo(page, 'ws-frame-overhead');
    await frame.getByRole('radio', { name: '2', exact: true }).focus();
    await page.keyboard.press('Space');
    await frame.getByRole('button', { name: 'Check answer' }).focus();
    await page.keyboard.press('Enter');
    await expect(frame.locator('[data-verdict]')).toHaveText('Right.');
    await expect(frame.locator('[data-feedback]')).toBeFocused();
    await expect(announcer).toHaveText('Right. Score: 1 right of 1 answered.');
    await expect(frame.getByRole('radio', { name: '2', exact: true })).toBeDisabled();
    await expect(frame.getByText('Show the answer')).toBeVisible();
    await expect(frame.locator('details')).toHaveAttribute('open', '');

    // Wrong: one of three right options is not enough for a multiple select.
    const limits = await goTo(page, 'sse-eventsource-limits');
    await limits.getByRole('button', { name: 'Check answer' }).click();
    await expect(limits.locator('[data-verdict]')).toHaveText('Choose at least one answer first.');
    await limits.getByRole('checkbox', { name: 'It only makes GET requests' }).check();
    await limits.getByRole('button', { name: 'Check answer' }).click();
    await expect(limits.locator('[data-verdict]')).toHaveText(
      'Not quite. The right answers are “It cannot set custom request headers, such as Authorization” and “It only makes GET requests” and “It carries text only”.',
    );
    await expect(announcer).toContainText('Not quite.');
    await expect(limits.locator('li', { hasText: 'It carries text only' }).locator('[data-mark]')).toHaveText('✓ right answer');

    // Right: an ordering question solved with the Up buttons.
    const latency = await goTo(page, 'compare-latency');
    await arrange(latency, ['WebSockets', 'Server-Sent Events', 'Long polling', 'Short polling']);
    await expect(announcer).toContainText(/moved to position \d of 4\./);
    await latency.getByRole('button', { name: 'Check answer' }).click();
    await expect(latency.locator('[data-verdict]')).toHaveText('Right.');

    // Wrong: a scenario.
    const chat = await goTo(page, 'real-world-chat');
    await chat.getByRole('radio', { name: 'Long polling' }).check();
    await chat.getByRole('button', { name: 'Check answer' }).click();
    await expect(chat.locator('[data-verdict]')).toHaveText('Not quite. The right answer is “WebSockets”.');

    await expect(quiz.locator('[data-score]')).toHaveText(`2 right of 4 answered, ${TOTAL} questions.`);
    await expect(scoreRow(page, 'WebSockets')).toHaveText(/WebSockets\s*1\s*1 of 16$/);
    await expect(scoreRow(page, 'Server-Sent Events')).toHaveText(/Server-Sent Events\s*0\s*1 of 13$/);
    await expect(scoreRow(page, 'Comparison')).toHaveText(/Comparison\s*1\s*1 of 6$/);
    await expect(scoreRow(page, 'Real-world use')).toHaveText(/Real-world use\s*0\s*1 of 6$/);
    await expect(scoreRow(page, 'Long polling')).toHaveText(/Long polling\s*0\s*0 of 6$/);
    expect(await axeViolations(page)).toEqual([]);

    // Review what I missed: the quiz steps through the two wrong answers only, with their explanations.
    const review = quiz.getByRole('button', { name: 'Review what I missed (2)' });
    await review.click();
    await expect(quiz.getByRole('button', { name: 'Show all questions' })).toHaveAttribute('aria-pressed', 'true');
    await expect(announcer).toHaveText('Showing the 2 questions you missed, with their explanations.');
    await expect(quiz.locator('[data-position]')).toHaveText('Missed question 1 of 2');
    const reviewed = [await shownId(page)];
    await expect(quiz.locator('.quiz-question details')).toHaveAttribute('open', '');
    await quiz.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(quiz.locator('[data-position]')).toHaveText('Missed question 2 of 2');
    reviewed.push(await shownId(page));
    expect(reviewed.sort()).toEqual(['real-world-chat', 'sse-eventsource-limits']);
    await expect(quiz.getByRole('button', { name: 'See your score' })).toBeVisible();
    await quiz.getByRole('button', { name: 'Show all questions' }).click();
    // Back among all questions, on the one the reader last stood on.
    await expect(quiz.locator('[data-position]')).toHaveText(new RegExp(`^Question \\d+ of ${TOTAL}$`));
    expect(await shownId(page)).toBe('real-world-chat');

    // Reload: the same attempt and the same question, with the same answers and marks.
    const position = await quiz.locator('[data-position]').textContent();
    const first = await firstIds(page, 3);
    await goTo(page, 'real-world-chat');
    await page.reload();
    await expect(quiz.locator('[data-score]')).toHaveText(`2 right of 4 answered, ${TOTAL} questions.`);
    await expect(quiz.locator('[data-position]')).toHaveText(position!);
    expect(await shownId(page)).toBe('real-world-chat');
    await expect(chat.locator('[data-verdict]')).toHaveText(/^Not quite\./);
    expect(await firstIds(page, 3)).toEqual(first);
    await goTo(page, 'ws-frame-overhead');
    await expect(frame.getByRole('radio', { name: '2', exact: true })).toBeChecked();
    await goTo(page, 'sse-eventsource-limits');
    await expect(limits.locator('[data-verdict]')).toHaveText(/^Not quite\./);
    await goTo(page, 'compare-latency');
    expect(await latency.locator('.quiz-item-text').allInnerTexts()).toEqual([
      'WebSockets',
      'Server-Sent Events',
      'Long polling',
      'Short polling',
    ]);
    await expect(quiz.getByRole('button', { name: 'Review what I missed (2)' })).toBeVisible();

    // Clear: storage emptied, the quiz back to nothing answered, and it stays so after a reload.
    await quiz.getByRole('button', { name: 'Clear saved progress' }).click();
    await expect(announcer).toHaveText('Saved progress cleared. The quiz starts again in a new order.');
    await expect(quiz.locator('[data-score]')).toHaveText(`0 right of 0 answered, ${TOTAL} questions.`);
    expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBeNull();
    await expect(quiz.locator('[data-position]')).toHaveText(`Question 1 of ${TOTAL}`);
    await goTo(page, 'ws-frame-overhead');
    await expect(frame.getByRole('radio', { name: '2', exact: true })).toBeEnabled();
    await expect(frame.getByRole('radio', { name: '2', exact: true })).not.toBeChecked();
    await expect(frame.getByRole('button', { name: 'Check answer' })).toBeVisible();
    await page.reload();
    await expect(quiz.locator('[data-score]')).toHaveText(`0 right of 0 answered, ${TOTAL} questions.`);
    expect(await firstIds(page, 3)).not.toEqual(first);
    expect(consoleErrors).toEqual([]);
  });

  test('shows one question at a time under a sticky progress bar, steps with the keyboard, and ends on the score', async ({
    page,
    consoleErrors,
  }) => {
    await page.goto('/interview/');
    const quiz = page.locator('quiz-bank');
    const announcer = quiz.locator('[data-announcer]');
    const position = quiz.locator('[data-position]');
    const bar = quiz.getByRole('progressbar', { name: `Question 1 of ${TOTAL}` });
    const previous = quiz.getByRole('button', { name: 'Previous', exact: true });
    const next = quiz.getByRole('button', { name: 'Next', exact: true });
    await expect(position).toHaveText(`Question 1 of ${TOTAL}`);
    await expect(bar).toHaveAttribute('max', String(TOTAL));
    await expect(bar).toHaveJSProperty('value', 1);
    // Only the current question is in the document: the page is far lighter than the full list.
    await expect(quiz.locator('.quiz-question')).toHaveCount(1);
    expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThan(1500);
    await expect(previous).toHaveAttribute('aria-disabled', 'true');

    // Keyboard: Enter on Next moves on, announces the new position with its prompt, and keeps the focus on Next.
    const firstId = await shownId(page);
    const firstPrompt = await quiz.locator('.quiz-question legend').textContent();
    await next.focus();
    await page.keyboard.press('Enter');
    await expect(position).toHaveText(`Question 2 of ${TOTAL}`);
    await expect(quiz.getByRole('progressbar')).toHaveJSProperty('value', 2);
    await expect(announcer).toHaveText(`Question 2 of ${TOTAL}: ${await quiz.locator('.quiz-question legend').textContent()}`);
    await expect(next).toBeFocused();
    expect(await shownId(page)).not.toBe(firstId);
    await expect(previous).toHaveAttribute('aria-disabled', 'false');
    await previous.focus();
    await page.keyboard.press('Enter');
    await expect(position).toHaveText(`Question 1 of ${TOTAL}`);
    expect(await shownId(page)).toBe(firstId);
    await expect(announcer).toHaveText(`Question 1 of ${TOTAL}: ${firstPrompt}`);
    // At the first question Previous does nothing, and the focus stays on it.
    await page.keyboard.press('Enter');
    await expect(position).toHaveText(`Question 1 of ${TOTAL}`);
    await expect(previous).toBeFocused();

    // Answer the shown question, then walk to the end: the bar stays on screen while the page scrolls.
    const shown = quiz.locator('.quiz-question');
    if ((await shown.getAttribute('data-kind')) !== 'order') await shown.locator('input').first().check();
    await shown.getByRole('button', { name: 'Check answer' }).click();
    await expect(quiz.locator('[data-score]')).toHaveText(new RegExp(`^[01] right of 1 answered, ${TOTAL} questions\\.$`));
    await page.mouse.wheel(0, 600);
    await expectStickyBarInView(page);
    for (let step = 1; step < TOTAL; step++) await next.click();
    await expect(position).toHaveText(`Question ${TOTAL} of ${TOTAL}`);
    const seeScore = quiz.getByRole('button', { name: 'See your score' });
    await seeScore.focus();
    await page.keyboard.press('Enter');
    await expect(quiz.getByRole('region', { name: 'Your score' })).toBeFocused();
    await expect(announcer).toHaveText(/^Your score: [01] right of 1 answered, 73 questions\.$/);
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('restart keeps the last score as the previous attempt and reshuffles', async ({ page, consoleErrors }) => {
    await page.goto('/interview/');
    const quiz = page.locator('quiz-bank');
    const first = await firstIds(page, 3);
    const rate = await goTo(page, 'design-poll-rate');
    await rate.getByRole('radio', { name: '200,000' }).check();
    await rate.getByRole('button', { name: 'Check answer' }).click();
    await expect(quiz.locator('[data-score]')).toHaveText(`1 right of 1 answered, ${TOTAL} questions.`);
    await quiz.getByRole('button', { name: 'Restart' }).click();
    await expect(quiz.locator('[data-score]')).toHaveText(`0 right of 0 answered, ${TOTAL} questions.`);
    await expect(quiz.locator('[data-previous]')).toHaveText('Previous attempt: 1 right of 1 answered.');
    await expect(quiz.locator('[data-position]')).toHaveText(`Question 1 of ${TOTAL}`);
    await expect(quiz.locator('.quiz-question input, .quiz-question [data-move]:not([disabled])').first()).toBeFocused();
    expect(await firstIds(page, 3)).not.toEqual(first);
    await page.reload();
    await expect(quiz.locator('[data-previous]')).toHaveText('Previous attempt: 1 right of 1 answered.');
    await quiz.getByRole('button', { name: 'Review what I missed' }).click();
    await expect(quiz.locator('[data-review-status]')).toHaveText('Nothing to review yet: no question answered.');
    expect(consoleErrors).toEqual([]);
  });

  test('ignores stored progress it cannot use instead of failing', async ({ page, consoleErrors }) => {
    for (const stored of [
      '{not json',
      JSON.stringify({ version: 99, seed: 1, answers: {} }),
      JSON.stringify({ version: 1, seed: 5, answers: { 'ws-frame-overhead': [9], gone: [0] } }),
    ]) {
      await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, stored] as const);
      await page.goto('/interview/');
      await expect(page.locator('quiz-bank [data-score]')).toHaveText(`0 right of 0 answered, ${TOTAL} questions.`);
      await expect((await goTo(page, 'ws-frame-overhead')).getByRole('button', { name: 'Check answer' })).toBeVisible();
    }
    expect(consoleErrors).toEqual([]);
  });

  test('reads as questions with answers and explanations without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/interview/');
    await expect(page.locator('quiz-bank .quiz-question')).toHaveCount(TOTAL);
    await expect(page.locator('quiz-bank [data-progress]')).toBeHidden();
    const latency = question(page, 'compare-latency');
    await expect(
      latency.getByRole('group', { name: 'Order the four transports by latency as the comparison table rates it.' }),
    ).toBeVisible();
    await expect(latency.getByRole('button', { name: 'Check answer' })).toBeHidden();
    // The server already scrambles ordering questions, so the solved order is not given away.
    expect(await latency.locator('.quiz-item-text').allInnerTexts()).not.toEqual([
      'WebSockets',
      'Server-Sent Events',
      'Long polling',
      'Short polling',
    ]);
    await latency.getByText('Show the answer').click();
    await expect(latency.getByText(/^Push transports deliver within a network trip/)).toBeVisible();
    await expect(latency.getByRole('link', { name: 'Comparison: the table' })).toHaveAttribute('href', '/comparison/#the-table');
    await expect(page.locator('scale-calculator').getByText('2,000 /s', { exact: true })).toBeVisible();
    await context.close();
  });

  test('every link to this site, in the quiz and in the model answer, lands on a page and heading that exist', async ({
    page,
    browser,
    request,
  }) => {
    // With JavaScript only the current question is attached; the page as served holds every question's link.
    const served = await browser.newContext({ javaScriptEnabled: false });
    const plain = await served.newPage();
    await plain.goto('/interview/');
    const learnMore = await plain
      .locator('quiz-bank .quiz-learn-more a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    await served.close();
    await page.goto('/interview/');
    expect(new Set(learnMore).size).toBeGreaterThanOrEqual(15);
    const inText = await page
      .locator('.sl-markdown-content a[href^="/"], .sl-markdown-content a[href^="#"]')
      .evaluateAll((links) => links.filter((link) => !link.closest('quiz-bank')).map((link) => link.getAttribute('href')!));
    expect(inText).toEqual(
      expect.arrayContaining(['/server-sent-events/#reconnection-and-last-event-id', '#scale-calculator', '#side-by-side']),
    );
    for (const href of new Set([...learnMore, ...inText])) {
      const [path, id] = href.split('#');
      const response = await request.get(path || '/interview/');
      expect(response.status(), href).toBe(200);
      if (id) expect(await response.text(), href).toContain(`id="${id}"`);
    }
  });

  test('works at phone width without sideways scrolling @phone', async ({ page, consoleErrors }) => {
    await page.goto('/interview/');
    const chat = await goTo(page, 'real-world-chat');
    await chat.getByRole('radio', { name: 'WebSockets' }).check();
    await chat.getByRole('button', { name: 'Check answer' }).click();
    await expect(chat.locator('[data-verdict]')).toHaveText('Right.');
    const latency = await goTo(page, 'compare-latency');
    await arrange(latency, ['WebSockets', 'Server-Sent Events', 'Long polling', 'Short polling']);
    // The progress bar stays in view below the header and the "On this page" bar while the reader scrolls.
    await latency.getByRole('button', { name: 'Check answer' }).scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 300);
    await expectStickyBarInView(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('scale calculator', () => {
  test('recomputes every transport as the inputs change, and names a bad input', async ({ page, consoleErrors }) => {
    await page.goto('/interview/');
    const calculator = page.locator('scale-calculator');
    const card = (name: string) => calculator.getByRole('region', { name });
    // Its script loads as it nears the viewport, as a reader scrolls down to it.
    await calculator.scrollIntoViewIfNeeded();
    await expect(card('Short polling').getByText('2,000 /s', { exact: true })).toBeVisible();
    await expect(calculator.getByLabel('Header bytes per request')).toHaveValue('883');

    await calculator.getByLabel('Concurrent users').fill('1000000');
    await expect(card('Short polling').locator('[data-out$="requests.result"]')).toHaveText('200,000 /s');
    await expect(card('Short polling').locator('[data-out$="requests.numbers"]')).toHaveText('1,000,000 ÷ 5');
    await expect(card('Long polling').locator('[data-out$="open.result"]')).toHaveText('1,000,000');
    await expect(card('Server-Sent Events').locator('[data-out$="bandwidth.result"]')).toHaveText('7.63 MB/s (61.1 Mbit/s)');
    await expect(card('WebSockets').locator('[data-out$="bandwidth.result"]')).toHaveText('6.8 MB/s (54.4 Mbit/s)');
    await expect(calculator.locator('[data-announcer]')).toContainText('Updated. Short polling: 200,000 requests per second, 85% empty');

    const interval = calculator.getByLabel('Short-poll interval');
    await interval.fill('');
    await expect(interval).toHaveAttribute('aria-invalid', 'true');
    await expect(calculator.getByText('Short-poll interval is required.')).toBeVisible();
    await expect(calculator.getByRole('status')).toHaveText(
      'Results below are for the last valid values; fix the marked field to update them.',
    );
    await expect(card('Short polling').locator('[data-out$="requests.result"]')).toHaveText('200,000 /s');
    await interval.fill('10');
    await expect(interval).toHaveAttribute('aria-invalid', 'false');
    await expect(card('Short polling').locator('[data-out$="requests.result"]')).toHaveText('100,000 /s');
    await expect(card('Short polling').locator('[data-out$="empty.result"]')).toHaveText('72%');
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
