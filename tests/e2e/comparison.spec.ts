import type { Locator } from '@playwright/test';
import { axeViolations, expect, test } from './fixtures.ts';

const TRANSPORTS = ['short-polling', 'long-polling', 'sse', 'websockets'] as const;
const cell = (race: Locator, transport: string, key: string) => race.locator(`[data-lane="${transport}"] [data-cell="${key}"]`);
/** A latency cell as a number; "≈ 0 ms (± u)" (below the clock's uncertainty) counts as 0. */
const ms = async (locator: Locator) => {
  const text = (await locator.textContent()) ?? '';
  return text.startsWith('≈') ? 0 : Number(text.replace(' ms', ''));
};
const LATENCY = /^(\d+ ms|≈ 0 ms \(± \d+\))$/;

test.describe('Comparison page', () => {
  test('the race fills all four lanes, the measured column and the verdict; results copy as Markdown', async ({
    page,
    context,
    consoleErrors,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/comparison/?rate=10&duration=5&interval=2');
    const race = page.locator('transport-race');
    // The form reads the parameters back from the URL.
    await expect(race.getByRole('spinbutton', { name: 'Events per second' })).toHaveValue('10');
    await expect(race.getByRole('spinbutton', { name: 'Duration' })).toHaveValue('5');
    await expect(race.getByRole('spinbutton', { name: 'Short-poll interval' })).toHaveValue('2');
    // The classic table is there before any race, without measured values.
    const table = page.getByRole('table', { name: /The four transports compared/ });
    await expect(table.getByRole('rowheader')).toHaveText(['Direction', 'Latency', 'Overhead', 'Complexity', 'Best For']);
    await expect(table.locator('[data-measured]:visible')).toHaveCount(0);

    await race.getByRole('button', { name: 'Start the race' }).click();
    await expect(race.locator('[data-state]')).toHaveText('finished', { timeout: 30_000 });
    await expect(race.locator('[data-report]')).toContainText('every lane delivered all 50 events exactly once (0 missed, 0 duplicated)');

    for (const transport of TRANSPORTS) {
      await expect(cell(race, transport, 'delivered')).toHaveText('50 / 50');
      await expect(cell(race, transport, 'missed')).toHaveText('0');
      await expect(cell(race, transport, 'duplicated')).toHaveText('0');
      for (const key of ['p50', 'p95', 'max']) await expect(cell(race, transport, key)).toHaveText(LATENCY);
      expect(Number(await cell(race, transport, 'requests').textContent())).toBeGreaterThan(0);
      expect(Number(await cell(race, transport, 'connections').textContent())).toBe(1);
      await expect(cell(race, transport, 'bytes')).toHaveText(
        transport === 'websockets' ? /^[1-9]\d* B \(computed\)$/ : /^[1-9]\d* B \(measured\)$/,
      );
      await expect(race.locator(`[data-path="${transport}"]`)).toHaveAttribute('d', /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){49}$/);
      await expect(table.locator(`[data-measured="latency:${transport}"]`)).toBeVisible();
      await expect(table.locator(`[data-measured="latency:${transport}"]`)).toContainText(/measured: p50 \d+ ms/);
      await expect(table.locator(`[data-measured="overhead:${transport}"]`)).toContainText(/measured: \d+ B\/event, \d+ requests/);
    }
    // Short polling waits for its interval; the push transports do not.
    const shortP50 = await ms(cell(race, 'short-polling', 'p50'));
    expect(shortP50).toBeGreaterThan(await ms(cell(race, 'sse', 'p50')));
    expect(shortP50).toBeGreaterThan(await ms(cell(race, 'websockets', 'p50')));
    // The verdict: three short lines in the widget, the same under the comparison table.
    const verdict = race.getByRole('list', { name: 'Verdict' }).getByRole('listitem');
    await expect(verdict).toHaveText([
      /^Fastest: .*; slowest: Short polling \(p50 \d+ ms, its 2 s interval\)\.$/,
      /^Fewest bytes per event: /,
      /^(As the table says|Unlike the table)/,
    ]);
    await expect(page.locator('[data-race-verdict]')).toHaveText(/^Fastest: .* Fewest bytes per event: /);
    // The key figures come first on each card; the rest open under "More figures".
    await expect(race.locator('[data-lane="sse"] [data-cell="requests"]')).toBeHidden();
    await race.locator('[data-lane="sse"]').getByText('More figures').click();
    await expect(race.locator('[data-lane="sse"] [data-cell="requests"]')).toBeVisible();

    await race.getByRole('button', { name: 'Copy as Markdown' }).click();
    await expect(race.locator('[data-copy-state]')).toHaveText('Copied the results table as Markdown.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Race: 10 events/s for 5 s, short polling every 2 s — ');
    expect(copied).toContain('?rate=10&duration=5&interval=2');
    expect(copied).toMatch(/\| Short polling \| 50\/50 \| 0 \| 0 \| \d+ \|/);
    expect(copied).toMatch(/\| WebSockets \| 50\/50 \| 0 \| 0 \| \d+ \|.*\(computed\) \| 1 \|/);

    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('starting a race writes its parameters into the URL, and leaving releases every lane', async ({ page, request, consoleErrors }) => {
    await page.goto('/comparison/');
    const race = page.locator('transport-race');
    await race.getByRole('spinbutton', { name: 'Events per second' }).fill('2');
    await race.getByRole('spinbutton', { name: 'Duration' }).fill('20');
    await race.getByRole('spinbutton', { name: 'Short-poll interval' }).fill('1');
    await race.getByRole('button', { name: 'Start the race' }).click();
    await expect(page).toHaveURL(/\/comparison\/\?rate=2&duration=20&interval=1$/);
    await expect(race.locator('[data-state]')).toHaveText('racing', { timeout: 10_000 });
    await expect(cell(race, 'sse', 'connections')).toHaveText('1');
    await expect(cell(race, 'websockets', 'connections')).toHaveText('1');
    await page.goto('about:blank');
    await expect
      .poll(async () => {
        const stats = (await (await request.get('/api/stats')).json()) as { sseStreams: number; webSockets: number; longPolls: number };
        return [stats.sseStreams, stats.webSockets, stats.longPolls];
      })
      .toEqual([0, 0, 0]);
    expect(consoleErrors).toEqual([]);
  });

  test('a race whose requests the browser queues blames the six-connection limit, not a transport', async ({
    page,
    context,
    consoleErrors,
  }) => {
    await page.goto('/comparison/?rate=10&duration=5&interval=1');
    // Another tab of the site holds five event streams: with this page's own, the browser's six HTTP/1.1 connections are nearly all busy.
    const other = await context.newPage();
    // A page of the site, not an API answer: API answers carry `default-src 'none'`, which would block the streams.
    await other.goto('/');
    await other.evaluate(() => {
      for (let i = 0; i < 5; i++) new EventSource('/api/sse?topic=ticker');
    });
    await expect.poll(() => other.evaluate(() => performance.now()), { timeout: 5000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1000);
    const race = page.locator('transport-race');
    await race.getByRole('button', { name: 'Start the race' }).click();
    await expect(race.locator('[data-state]')).toHaveText('browser queue', { timeout: 40_000 });
    await expect(race.locator('[data-report]')).toContainText("The browser's queue, not the transports");
    await expect(race.locator('[data-report]')).toContainText('at most six connections to one site');
    await expect(race.getByRole('list', { name: 'Verdict' })).toHaveText(/No verdict: the browser held requests back/);
    await other.close();
    expect(consoleErrors).toEqual([]);
  });

  test('the comparison and real-world pages fit a phone screen without sideways scrolling @phone', async ({ page, consoleErrors }) => {
    for (const path of ['/comparison/', '/real-world/']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    }
    expect(consoleErrors).toEqual([]);
  });
});
