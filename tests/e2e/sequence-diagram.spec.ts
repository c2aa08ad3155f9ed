import type { Locator, Page } from '@playwright/test';
import { axeViolations, expect, test } from './fixtures.ts';

/** What the diagram draws right now, and its table, read in one go so both describe the same moment. */
async function snapshot(diagram: Locator): Promise<{
  keys: string[];
  /** One entry per message drawn: a tick that merged a burst (data-count) counts each of its messages. */
  ticks: Array<{ key: string; direction: string }>;
  notes: string[];
  bars: Array<{ key: string; tone: string; open: boolean; height: number }>;
  rows: string[][];
}> {
  return diagram.evaluate((root) => {
    const shapes = Array.from(root.querySelectorAll<SVGElement>('[data-shape]'));
    return {
      keys: shapes.filter((shape) => shape.dataset.shape === 'arrow').map((shape) => shape.dataset.key!),
      ticks: shapes
        .filter((shape) => shape.dataset.shape === 'tick')
        .flatMap((shape) =>
          Array.from({ length: Number(shape.dataset.count) }, () => ({ key: shape.dataset.key!, direction: shape.dataset.direction! })),
        ),
      notes: shapes.filter((shape) => shape.dataset.shape === 'note').map((shape) => shape.textContent ?? ''),
      bars: shapes
        .filter((shape) => shape.dataset.shape === 'bar')
        .map((shape) => ({
          key: shape.dataset.key!,
          tone: shape.dataset.tone!,
          open: shape.dataset.open === 'true',
          height: Number(shape.getAttribute('height')),
        })),
      rows: Array.from(root.querySelectorAll('[data-diagram-rows] tr')).map((row) =>
        Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? ''),
      ),
    };
  });
}

/** Keys of the requests that have both their arrow out and their answer back. */
function pairs(keys: string[]): string[] {
  const outs = new Set(keys.filter((key) => key.endsWith(':out')).map((key) => key.slice(0, -4)));
  return keys.filter((key) => key.endsWith(':back') && outs.has(key.slice(0, -5))).map((key) => key.slice(0, -5));
}

async function openDiagram(page: Page, source: string): Promise<Locator> {
  const diagram = page.locator(`sequence-diagram[data-source="${source}"]`);
  await diagram.scrollIntoViewIfNeeded();
  return diagram;
}

test.describe('live sequence diagram', () => {
  test('short polling: one arrow out and one answer back per poll, and the table says the same', async ({ page, consoleErrors }) => {
    await page.goto('/short-polling/');
    const widget = page.locator('short-poll-demo');
    // Nothing is drawn, and no drawing code is loaded, before the widget starts.
    const diagram = page.locator('sequence-diagram[data-source="short-poll"]');
    await expect(diagram.locator('[data-shape]')).toHaveCount(0);
    await widget.locator('[data-interval]').fill('1');
    await widget.locator('[data-start]').click();
    await openDiagram(page, 'short-poll');
    await diagram.getByText('Show as a table').click();
    await expect.poll(async () => pairs((await snapshot(diagram)).keys).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await widget.locator('[data-start]').click();
    // Every finished poll in the widget's own request list has its pair of arrows.
    const finished = await widget.locator('[data-requests] li:is(.is-data, .is-empty)').count();
    const drawn = await snapshot(diagram);
    expect(pairs(drawn.keys).length).toBe(finished);
    expect(drawn.bars.every((bar) => !bar.open)).toBe(true);
    // The table has a row per arrow and tick drawn (nothing is held open after Stop).
    expect(drawn.rows.length).toBe(drawn.keys.length + drawn.ticks.length);
    expect(drawn.rows.filter((row) => row[1] === 'browser → server' && row[2]!.startsWith('GET /api/poll')).length).toBeGreaterThanOrEqual(
      3,
    );
    // A poll on loopback is answered in a few ms, far below the scale the caption states: its arrows
    // are set apart and the margin gives the real time.
    await expect(diagram.locator('figcaption')).toContainText('One pixel is about 80 ms');
    expect(drawn.notes.length).toBeGreaterThan(0);
    for (const note of drawn.notes) expect(note).toMatch(/^(<1 ms|\d+ ms)$/);
    expect(consoleErrors).toEqual([]);
  });

  test('long polling: a held request is an open bar that ends when the event arrives', async ({ page, consoleErrors }) => {
    await page.goto('/long-polling/');
    const widget = page.locator('long-poll-demo');
    await widget.getByLabel('Topic').selectOption('notifications');
    await widget.getByRole('button', { name: 'Start' }).click();
    const diagram = await openDiagram(page, 'long-poll');
    await expect(widget.locator('[data-state]')).toHaveText(/request #\d+ held by the server/);
    await expect.poll(async () => (await snapshot(diagram)).bars.filter((bar) => bar.open && bar.tone === 'held').length).toBe(1);
    const held = (await snapshot(diagram)).bars.find((bar) => bar.open)!.key;
    // The bar grows while the server holds the request.
    const before = (await snapshot(diagram)).bars.find((bar) => bar.key === held)!.height;
    await page.waitForTimeout(1000);
    expect((await snapshot(diagram)).bars.find((bar) => bar.key === held)!.height).toBeGreaterThan(before + 5);

    await widget.getByRole('button', { name: 'Publish now' }).click();
    await expect(widget.getByRole('status')).toContainText(/arrived/, { timeout: 5000 });
    // The diagram draws only while it is on screen; pressing the button scrolled to the widget.
    await diagram.scrollIntoViewIfNeeded();
    await expect
      .poll(async () => (await snapshot(diagram)).bars.find((bar) => bar.key === held))
      .toMatchObject({ open: false, tone: 'data' });
    const request = held.replace(/:held$/, '');
    const after = await snapshot(diagram);
    expect(after.keys).toContain(`${request}:out`);
    expect(after.keys).toContain(`${request}:back`);
    // …and the next request is held at once.
    expect(after.bars.filter((bar) => bar.open && bar.key !== held).length).toBe(1);
    await widget.getByRole('button', { name: 'Stop' }).click();
    expect(consoleErrors).toEqual([]);
  });

  test('SSE: one request, an open stream, and a tick down it for each event', async ({ page, consoleErrors }) => {
    await page.goto('/server-sent-events/');
    await page.locator('sse-demo').scrollIntoViewIfNeeded();
    await expect(page.locator('sse-demo [data-state]')).toHaveText('open');
    const diagram = await openDiagram(page, 'sse');
    await diagram.getByText('Show as a table').click();
    await expect.poll(async () => (await snapshot(diagram)).ticks.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    const drawn = await snapshot(diagram);
    expect(drawn.ticks.every((tick) => tick.direction === 'down')).toBe(true);
    expect(drawn.bars.filter((bar) => bar.open && bar.tone === 'connection').length).toBe(1);
    expect(drawn.keys.filter((key) => key.endsWith(':out')).length).toBe(1);
    // The table: a row per arrow and tick, and one for the stream held open now.
    expect(drawn.rows.length).toBe(drawn.keys.length + drawn.ticks.length + 1);
    expect(drawn.rows.filter((row) => row[1] === 'server → browser').length).toBe(drawn.ticks.length);
    expect(consoleErrors).toEqual([]);
  });

  test('WebSocket: the handshake, then frames both ways as ticks', async ({ page, consoleErrors }) => {
    await page.goto('/websockets/');
    const chat = page.locator('chat-room');
    await expect(chat.locator('[data-state]')).toHaveText('open');
    await chat.getByRole('textbox', { name: 'Your name' }).fill('Diagram');
    await chat.getByRole('textbox', { name: 'Room' }).fill(`diagram-${Date.now().toString(36)}`);
    await chat.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(chat.getByRole('textbox', { name: 'Message' })).toBeEnabled();
    await chat.getByRole('textbox', { name: 'Message' }).fill('drawn');
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
    const diagram = await openDiagram(page, 'websocket');
    await expect
      .poll(async () => (await snapshot(diagram)).ticks.filter((tick) => tick.direction === 'up').length)
      .toBeGreaterThanOrEqual(2);
    const drawn = await snapshot(diagram);
    // The handshake: a request answered 101; the socket it upgraded is the open bar.
    expect(pairs(drawn.keys).length).toBe(1);
    expect(drawn.ticks.filter((tick) => tick.direction === 'down').length).toBeGreaterThanOrEqual(3);
    expect(drawn.bars.filter((bar) => bar.open && bar.tone === 'connection').length).toBe(1);
    // The frame log lists the same frames the diagram draws.
    const frames = await page.locator('frame-log [data-frames] tr:not(.frame-note)').count();
    expect(drawn.ticks.length).toBe(frames);
    expect(consoleErrors).toEqual([]);
  });

  test('fits a phone screen, in both colour schemes, with axe finding nothing @phone', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/server-sent-events/');
      await page.locator('sse-demo').scrollIntoViewIfNeeded();
      const diagram = await openDiagram(page, 'sse');
      await expect.poll(async () => (await snapshot(diagram)).ticks.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      await diagram.getByText('Show as a table').click();
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        diagram: document.querySelector('sequence-diagram')!.getBoundingClientRect().right,
        svg: document.querySelector('sequence-diagram svg')!.getBoundingClientRect().right,
      }));
      expect(widths.page).toBeLessThanOrEqual(390);
      expect(widths.diagram).toBeLessThanOrEqual(390);
      expect(widths.svg).toBeLessThanOrEqual(390);
      expect(await axeViolations(page)).toEqual([]);
    }
  });
});
