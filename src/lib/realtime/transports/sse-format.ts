/**
 * Server-Sent Events framing, as the HTML standard's event-stream format defines it. Pure
 * functions that return exactly the text written to the wire.
 */

/** One event on the stream. */
export interface SseMessage {
  /** Becomes the stream's last event id (sent back as Last-Event-ID on reconnect). */
  id?: string;
  /** Event name; without it the browser fires a plain `message` event. */
  event?: string;
  /** Payload; newlines in it become several `data:` lines that the browser joins back with "\n". */
  data: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** Frames one event: `id:`, `event:`, one `data:` line per line of data, then a blank line. */
export function formatSseMessage(message: SseMessage): string {
  let frame = '';
  if (message.id !== undefined) frame += `id: ${singleLineField('id', message.id)}\n`;
  if (message.event !== undefined) frame += `event: ${singleLineField('event', message.event)}\n`;
  for (const line of message.data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}

/** A comment: ignored by EventSource, used as a heartbeat that keeps proxies from closing an idle stream. */
export function formatSseComment(text: string): string {
  return `${text
    .split(LINE_BREAK)
    .map((line) => `: ${line}\n`)
    .join('')}\n`;
}

/** Tells the browser how long to wait before reconnecting after the stream ends. */
export function formatSseRetry(milliseconds: number): string {
  if (!Number.isInteger(milliseconds) || milliseconds < 0) throw new RangeError(`retry must be a whole number of ms, got ${milliseconds}`);
  return `retry: ${milliseconds}\n\n`;
}

// A line break in id or event would end the field early and let the rest be read as another
// field, so it is refused rather than escaped. NUL in an id makes browsers ignore the id.
function singleLineField(name: string, value: string): string {
  if (/[\r\n]/.test(value) || (name === 'id' && value.includes('\0'))) {
    throw new TypeError(`SSE ${name} must be a single line without NUL: ${JSON.stringify(value)}`);
  }
  return value;
}
