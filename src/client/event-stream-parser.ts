/**
 * An incremental parser for `text/event-stream`, following the HTML standard's "interpret an event
 * stream" rules: what EventSource does inside, for a stream read through `fetch` (which can POST
 * and abort, where EventSource can only GET). Feed it text as it arrives; it returns whole events.
 */

/** One dispatched event, as EventSource would hand it to a listener. */
export interface ParsedEvent {
  /** `event:` field, or "message" when the event had none. */
  type: string;
  /** `data:` lines joined with "\n". */
  data: string;
  /** The last event id in force when the event was dispatched (ids persist across events). */
  lastEventId: string;
}

/** Splits event-stream text into events; chunks may end anywhere, even between CR and LF. */
export class EventStreamParser {
  #buffer = '';
  #started = false;
  #type = '';
  #data = '';
  #dataSeen = false;
  #lastEventId = '';
  /** Latest `retry:` value in ms, if the stream sent one. */
  retryMs: number | undefined;

  /** Adds decoded text and returns every event completed by it. */
  push(text: string): ParsedEvent[] {
    this.#buffer += text;
    if (!this.#started && this.#buffer.length > 0) {
      this.#started = true;
      if (this.#buffer.startsWith('\uFEFF')) this.#buffer = this.#buffer.slice(1);
    }
    const events: ParsedEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer);
      if (!match) break;
      // A CR at the very end may be the first half of a CRLF still on the way.
      if (match[0] === '\r' && match.index === this.#buffer.length - 1) break;
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): ParsedEvent | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined; // a comment, often a heartbeat
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#type = value;
    else if (field === 'data') {
      this.#data += `${value}\n`;
      this.#dataSeen = true;
    } else if (field === 'id' && !value.includes('\0')) this.#lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }

  // An event with no data line is dropped, as the standard says; its type is forgotten too.
  #dispatch(): ParsedEvent | undefined {
    const event = this.#dataSeen
      ? { type: this.#type || 'message', data: this.#data.slice(0, -1), lastEventId: this.#lastEventId }
      : undefined;
    this.#type = '';
    this.#data = '';
    this.#dataSeen = false;
    return event;
  }
}
