import type { Locator, Page } from '@playwright/test';
import { axeViolations, counter, expect, test } from './fixtures.ts';

/** A room of its own per test, so tests (and reruns) never see each other's messages. */
const freshRoom = (name: string) => `${name}-${Date.now().toString(36)}`;

async function joinRoom(page: Page, name: string, room: string): Promise<Locator> {
  const chat = page.locator('chat-room');
  await expect(chat.locator('[data-state]')).toHaveText('open');
  await chat.getByRole('textbox', { name: 'Your name' }).fill(name);
  await chat.getByRole('textbox', { name: 'Room' }).fill(room);
  await chat.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(chat.getByRole('status')).toContainText(`You are in “${room}” as ${name}`);
  return chat;
}

async function say(chat: Locator, text: string): Promise<void> {
  await chat.getByRole('textbox', { name: 'Message' }).fill(text);
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
}

const chatLines = (chat: Locator) => chat.getByRole('log', { name: 'Chat messages' }).locator('li > span');

test.describe('WebSockets page', () => {
  test('two pages chat with each other, in order, and markup stays text', async ({ page, context, consoleErrors }) => {
    const room = freshRoom('pair');
    await page.goto('/websockets/');
    const other = await context.newPage();
    await other.goto('/websockets/');
    const ada = await joinRoom(page, 'Ada', room);
    const bo = await joinRoom(other, 'Bo', room);
    await expect(chatLines(ada).last()).toHaveText('Bo joined');
    await expect(ada.locator('[data-count="members"]')).toHaveText('2');

    await say(ada, 'Hello Bo');
    await say(bo, 'Hi Ada <b>not bold</b>');
    await say(ada, 'third');
    // Each reader sees the room from their own join on; from there both see the same events in the same order.
    const expected = ['Bo joined', 'Ada: Hello Bo', 'Bo: Hi Ada <b>not bold</b>', 'Ada: third'];
    await expect(chatLines(ada)).toHaveText(['Ada joined', ...expected]);
    await expect(chatLines(bo)).toHaveText(expected);
    await expect(bo.getByRole('log', { name: 'Chat messages' }).locator('b')).toHaveCount(0);
    expect(await counter(ada, 'Your last message, round trip')).toMatch(/^\d+ ms$/);

    await bo.getByRole('button', { name: 'Leave' }).click();
    await expect(chatLines(ada).last()).toHaveText('Bo left');
    await expect(ada.locator('[data-count="members"]')).toHaveText('1');
    expect(consoleErrors).toEqual([]);
    await other.close();
  });

  test('kill → 1006, back-off, reconnect, and the missed messages are replayed exactly once', async ({ page, context, consoleErrors }) => {
    const room = freshRoom('kill');
    await page.goto('/websockets/');
    const other = await context.newPage();
    await other.goto('/websockets/');
    const ada = await joinRoom(page, 'Ada', room);
    const bo = await joinRoom(other, 'Bo', room);
    await say(ada, 'before');
    await expect(chatLines(bo).last()).toHaveText('Ada: before');

    const frames = page.locator('frame-log');
    // A first retry between 5 and 10 s leaves Bo ample time to write while Ada is away, even on a busy machine.
    await frames.getByRole('combobox', { name: 'First retry within' }).selectOption('10 s');
    await frames.getByRole('button', { name: 'Kill the connection' }).click();
    await expect(frames.getByRole('status')).toContainText(
      /Closed with 1006 \(abnormal closure: no close frame\)\. Reconnecting in \d+ ms — attempt 1/,
    );
    await say(bo, 'while you were away');
    await say(bo, 'and this too');

    // Replayed: Ada's own departure and Bo's two messages; Ada's new join comes live after them.
    await expect(frames.getByRole('status')).toContainText(
      /Resumed chat:kill-\w+ \d+ ms after the kill: the server replayed 3 missed events/,
      { timeout: 15_000 },
    );
    await expect(ada.getByRole('status')).toContainText(/resumed after event \d+: the server replayed 3 events you missed/);
    await expect(ada.getByRole('status')).toContainText('Missed so far: 0, repeated: 0.');
    await expect(chatLines(ada)).toHaveText([
      'Ada joined',
      'Bo joined',
      'Ada: before',
      'Ada lost the connection',
      'Bo: while you were away',
      'Bo: and this too',
      'Ada joined',
    ]);
    const notes = await ada.getByRole('log', { name: 'Chat messages' }).locator('li small').allInnerTexts();
    expect(notes.map((note) => note.endsWith('· replayed'))).toEqual([false, false, false, true, true, true, false]);
    expect(await counter(ada, 'Reconnects')).toBe('1');
    expect(await counter(ada, 'Replayed on resume')).toBe('3');
    expect(await counter(ada, 'Missed / repeated')).toBe('0 / 0');
    await expect(frames.getByRole('table')).toContainText(/waiting \d+ ms before attempt 1 \(a random point between 5000 and 10000 ms\)/);
    await expect(frames.getByRole('table')).toContainText(/subscribe chat:kill-\w+ since [0-9a-z]+-\d+/);

    // The conversation carries on over the new connection.
    await say(ada, 'back');
    await expect(chatLines(bo).last()).toHaveText('Ada: back');
    expect(consoleErrors).toEqual([]);
    await other.close();
  });

  test('the frame log shows computed frame sizes and a measured ping', async ({ page, consoleErrors }) => {
    await page.goto('/websockets/');
    const frames = page.locator('frame-log');
    await expect(frames.locator('[data-state]')).toHaveText('open');
    const rows = frames.getByRole('table').locator('tbody tr');
    // The hello from the server: unmasked, so the wire carries 2 bytes more than the payload.
    const hello = rows.filter({ hasText: 'hello' });
    const [way, , payload, wire] = await hello.locator('td').allInnerTexts();
    expect(way).toContain('↓');
    expect(Number(wire!.replace(' B', ''))).toBe(Number(payload!.replace(' B', '')) + 2);

    await frames.getByRole('button', { name: 'Send a ping message' }).click();
    await expect(frames.getByRole('status')).toContainText(/Pong 1 came back in \d+ ms \(measured, through the server\)\./);
    const ping = rows.filter({ hasText: /^↑/ }).filter({ hasText: 'ping' });
    const cells = await ping.locator('td').allInnerTexts();
    // {"type":"ping","id":"1"} is 24 bytes; masked, with a 2-byte header: 30 bytes on the wire.
    expect(cells.slice(1, 5)).toEqual(['text 0x1', '24 B', '30 B', '81 98 ?? ?? ?? ??']);
    expect(await counter(frames, 'Ping round trip')).toMatch(/^\d+ ms$/);
    expect(consoleErrors).toEqual([]);
  });

  test("the seed's echo snippet prints the server's reply", async ({ page, consoleErrors }) => {
    await page.goto('/websockets/');
    const example = page.locator('runnable-example').first();
    await expect(example).toContainText('new WebSocket("/api/ws/echo")');
    await example.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(example.locator('[data-output]')).toContainText(/\+\d+\.\d\ds {2}Hello Server/, { timeout: 10_000 });
    await example.getByRole('button', { name: 'Stop' }).click();
    expect(consoleErrors).toEqual([]);
  });

  test('the protocol snippet shows an error message and the 1009 close', async ({ page, consoleErrors }) => {
    await page.goto('/websockets/');
    const example = page.locator('runnable-example').nth(1);
    await example.getByRole('button', { name: 'Run', exact: true }).click();
    const output = example.locator('[data-output]');
    await expect(output).toContainText('server: {"type":"error","error":"type: must be one of: subscribe, unsubscribe, chat, ping"}');
    await expect(output).toContainText('server: {"type":"live","topic":"chat:lobby"');
    await expect(output).toContainText('closed 1009 ""', { timeout: 10_000 });
    expect(consoleErrors).toEqual([]);
  });

  test('is operable from the keyboard', async ({ page, consoleErrors }) => {
    await page.goto('/websockets/');
    const chat = page.locator('chat-room');
    await expect(chat.locator('[data-state]')).toHaveText('open');
    await chat.getByRole('textbox', { name: 'Your name' }).focus();
    await page.keyboard.type('Keys');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(freshRoom('keys'));
    await page.keyboard.press('Enter');
    await expect(chat.getByRole('status')).toContainText('You are in');
    // Regression: focus stayed in the name field, so the next Enter joined again instead of sending.
    await expect(chat.getByRole('textbox', { name: 'Message' })).toBeFocused();
    await page.keyboard.type('typed, not clicked');
    await page.keyboard.press('Enter');
    await expect(chatLines(chat).last()).toHaveText('Keys: typed, not clicked');
    const frames = page.locator('frame-log');
    await frames.getByRole('button', { name: 'Send a ping message' }).focus();
    await page.keyboard.press('Enter');
    await expect(frames.getByRole('status')).toContainText('Pong 1 came back');
    // Kill disables itself (and Ping) until the socket is back: the focus moves to a live control, not <body>.
    await frames.getByRole('button', { name: 'Kill the connection' }).focus();
    await page.keyboard.press('Enter');
    await expect(frames.getByRole('button', { name: 'Kill the connection' })).toBeDisabled();
    await expect(frames.getByRole('combobox', { name: 'First retry within' })).toBeFocused();
    await expect(frames.getByRole('button', { name: 'Kill the connection' })).toBeEnabled({ timeout: 10_000 });
    // Leave disables itself too: the focus goes to Join.
    await chat.getByRole('button', { name: 'Leave' }).focus();
    await page.keyboard.press('Enter');
    await expect(chat.getByRole('button', { name: 'Join', exact: true })).toBeFocused();
    expect(consoleErrors).toEqual([]);
  });

  test('has no accessibility violations, before and during a chat', async ({ page }) => {
    await page.goto('/websockets/');
    expect(await axeViolations(page)).toEqual([]);
    const chat = await joinRoom(page, 'Axe', freshRoom('axe'));
    await say(chat, 'checking contrast and roles');
    await expect(chatLines(chat).last()).toHaveText('Axe: checking contrast and roles');
    await page.locator('frame-log').getByRole('button', { name: 'Send a ping message' }).click();
    await expect(page.locator('frame-log').getByRole('status')).toContainText('Pong');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('explains itself without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/websockets/');
    await expect(page.locator('chat-room .widget-nojs')).toBeVisible();
    await expect(page.locator('chat-room .widget-nojs')).toContainText('asks for everything after the last message it saw');
    await expect(page.locator('frame-log .widget-nojs')).toContainText('computed');
    await expect(page.getByRole('heading', { name: 'The protocol on /api/ws' })).toBeVisible();
    await context.close();
  });

  test('fits a phone screen without sideways scrolling @phone', async ({ page, consoleErrors }) => {
    await page.goto('/websockets/');
    const chat = await joinRoom(page, 'Phone', freshRoom('phone'));
    await say(chat, 'a message long enough to wrap across the narrow screen of a phone, and then some more words');
    await expect(chatLines(chat).last()).toContainText('Phone: a message long enough');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    const width = page.viewportSize()!.width;
    for (const widget of ['chat-room', 'frame-log']) {
      const box = await page.locator(widget).boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    }
    expect(consoleErrors).toEqual([]);
  });
});
