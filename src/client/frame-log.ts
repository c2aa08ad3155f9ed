import type { ServerMessage } from '../lib/realtime/transports/ws-messages.ts';
import { disableKeepingFocus, enableScriptedControls } from './focus.ts';
import { PATHS } from '../lib/realtime/protocol.ts';
import { labSocket } from './lab-socket.ts';
import type { FrameEntry, LogEntry, ResumingSocket, SocketState } from './transport/resuming-socket.ts';
import { formatBytes, formatMs } from './stats.ts';
import { LiveWidget } from './live-widget.ts';

const SHOWN_ROWS = 60;
const OPCODE_NUMBERS: Record<string, string> = { text: '0x1', binary: '0x2', close: '0x8', ping: '0x9', pong: '0xA' };

/**
 * `<frame-log>`: the frames of the page's WebSocket as they cross (sizes computed from RFC 6455),
 * an application-level ping with its measured round trip, and a button that has the server cut
 * the connection so the reader can watch 1006, the back-off, the reconnect and the replay.
 */
class FrameLog extends LiveWidget {
  #socket: ResumingSocket | undefined;
  #stops: Array<() => void> = [];
  #sent = { frames: 0, bytes: 0, payload: 0 };
  #received = { frames: 0, bytes: 0, payload: 0 };
  #pings = new Map<string, number>();
  #pingCount = 0;
  #killedAt: number | undefined;

  #ping = this.el<HTMLButtonElement>('[data-ping]');
  #kill = this.el<HTMLButtonElement>('[data-kill]');
  #backoff = this.el<HTMLSelectElement>('[data-backoff]');
  #rows = this.el<HTMLTableSectionElement>('[data-frames]');

  connectedCallback(): void {
    this.classList.add('is-live');
    enableScriptedControls(this);
    const socket = labSocket();
    this.#socket = socket;
    this.#ping.addEventListener('click', () => this.#sendPing());
    this.#kill.addEventListener('click', () => void this.#killConnection());
    // A longer first wait leaves time to write from another window while this one is away.
    const applyBackoff = (): void =>
      socket.setBackoff({ baseMs: Number(this.#backoff.value), maxMs: Math.max(15_000, Number(this.#backoff.value) * 4) });
    this.#backoff.addEventListener('change', applyBackoff);
    applyBackoff();
    this.#stops.push(
      socket.onLog((entry) => this.#onLog(entry)),
      socket.onState((state) => this.#onState(state)),
      socket.onMessage((message) => this.#onMessage(message)),
    );
  }

  disconnectedCallback(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  #sendPing(): void {
    this.#pingCount += 1;
    const id = String(this.#pingCount);
    if (this.#socket!.send({ type: 'ping', id })) this.#pings.set(id, performance.now());
  }

  async #killConnection(): Promise<void> {
    const connection = this.#socket!.connection;
    if (!connection) return;
    disableKeepingFocus(this.#kill, this.#backoff);
    this.#killedAt = performance.now();
    const response = await fetch(PATHS.wsDrop, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ connection }),
    });
    if (response.status !== 204) {
      this.#killedAt = undefined;
      this.report(`The server did not cut it: ${((await response.json()) as { error: string }).error}`);
      return;
    }
    // The close may already have been noticed (and reported) before this answer arrived.
    if (this.#socket!.connection === connection) this.report('The server terminated the TCP connection without a close frame…');
  }

  #onState(state: SocketState): void {
    const open = state.state === 'open';
    if (open) this.#ping.disabled = this.#kill.disabled = false;
    else for (const button of [this.#ping, this.#kill]) disableKeepingFocus(button, this.#backoff);
    switch (state.state) {
      case 'open':
        this.setState('open');
        if (this.#killedAt !== undefined) {
          this.report(
            `Reconnected ${formatMs(performance.now() - this.#killedAt)} after the kill; the chat re-subscribes with the id of the last message it saw…`,
          );
        }
        break;
      case 'connecting':
        this.setState(state.attempt ? `reconnecting (attempt ${state.attempt})` : 'connecting');
        break;
      case 'waiting':
        this.setState(`closed (${state.code})`);
        this.report(
          `Closed with ${state.code}${state.code === 1006 ? ' (abnormal closure: no close frame)' : ''}. Reconnecting in ${state.delayMs} ms — attempt ${state.attempt}, a random wait from the back-off window.`,
        );
        break;
      case 'refused':
        this.setState(`closed (${state.code})`);
        this.report(`The server closed with ${state.code}${state.reason ? `: ${state.reason}` : ''}; the page does not retry after that.`);
        break;
      case 'stopped':
        this.setState('not connected');
        break;
    }
  }

  #onMessage(message: ServerMessage): void {
    if (message.type === 'pong' && message.id !== undefined && this.#pings.has(message.id)) {
      const rtt = performance.now() - this.#pings.get(message.id)!;
      this.#pings.delete(message.id);
      this.count('ping', formatMs(rtt));
      this.report(`Pong ${message.id} came back in ${formatMs(rtt)} (measured, through the server).`);
    }
    if (message.type === 'live' && this.#killedAt !== undefined && message.topic.startsWith('chat:')) {
      this.report(
        `Resumed ${message.topic} ${formatMs(performance.now() - this.#killedAt)} after the kill: ` +
          `the server replayed ${message.replayed} missed event${message.replayed === 1 ? '' : 's'}, then went live.`,
      );
      this.#killedAt = undefined;
    }
  }

  #onLog(entry: LogEntry): void {
    const row = document.createElement('tr');
    if (entry.kind === 'note') {
      row.className = 'frame-note';
      const cell = document.createElement('td');
      cell.colSpan = 6;
      cell.textContent = entry.text;
      row.append(cell);
    } else {
      this.#countFrame(entry);
      row.className = entry.opcode === 'close' ? 'frame-close' : '';
      row.append(
        cell(
          entry.direction === 'sent' ? '↑' : '↓',
          entry.direction === 'sent' ? ' sent' : ' received',
          'frame-way-detail sr-only-on-phone',
        ),
        cell(entry.opcode, ` ${OPCODE_NUMBERS[entry.opcode] ?? ''}`, 'frame-opcode-detail'),
        cell(`${entry.payloadBytes} B`),
        cell(`${entry.frameBytes} B`),
        cell(entry.header, undefined, undefined, 'frame-header-col'),
        cell(entry.summary),
      );
    }
    this.prependCapped(this.#rows, row, SHOWN_ROWS);
  }

  #countFrame(entry: FrameEntry): void {
    const side = entry.direction === 'sent' ? this.#sent : this.#received;
    side.frames += 1;
    side.bytes += entry.frameBytes;
    side.payload += entry.payloadBytes;
    const bytes = this.#sent.bytes + this.#received.bytes;
    const payload = this.#sent.payload + this.#received.payload;
    this.count('frames', `${this.#sent.frames} / ${this.#received.frames}`);
    this.count('bytes-sent', formatBytes(this.#sent.bytes));
    this.count('bytes-received', formatBytes(this.#received.bytes));
    this.count('overhead', bytes ? `${formatBytes(bytes - payload)} (${(((bytes - payload) / bytes) * 100).toFixed(1)} %)` : '–');
  }
}

/** A table cell of text; `detail` goes in a span (classes `detailClasses`) that narrow screens may hide. */
function cell(text: string, detail?: string, detailClasses?: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text;
  if (detail !== undefined) {
    const span = document.createElement('span');
    span.className = detailClasses ?? '';
    span.textContent = detail;
    td.append(span);
  }
  return td;
}

customElements.define('frame-log', FrameLog);
