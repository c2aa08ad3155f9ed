import type { RealtimeEvent } from '../lib/realtime/event.ts';
import type { ServerMessage } from '../lib/realtime/transports/ws-messages.ts';
import { ROOM_PATTERN } from '../lib/realtime/protocol.ts';
import { labSocket } from './lab-socket.ts';
import type { ResumingSocket, SocketState } from './transport/resuming-socket.ts';
import { SequenceCheck } from './sequence-check.ts';
import { formatMs } from './stats.ts';
import { enableScriptedControls } from './focus.ts';
import { eventLabel } from './event-label.ts';
import { LiveWidget } from './live-widget.ts';

const SHOWN_MESSAGES = 100;

type ChatData = { name: string; text?: string; members?: number; reason?: 'left' | 'disconnected' };

/**
 * `<chat-room>`: joins `chat:<room>` on the page's WebSocket, shows messages, joins and leaves as
 * they arrive, and after a reconnect reports what the server replayed and whether anything was
 * missed or repeated (checked from the event ids).
 */
class ChatRoom extends LiveWidget {
  #socket: ResumingSocket | undefined;
  #room: string | undefined;
  #name = '';
  #check = new SequenceCheck();
  #messages = 0;
  #reconnects = 0;
  #replayed = 0;
  /**
   * Set while a resume is under way: when the drop happened, the id resumed from, and the lines that
   * arrived since. The first `replayed` of them (the server says how many) came from the log; any after
   * those were published during the replay and held back until it ended.
   */
  #resume: { droppedAt: number; from: string | undefined; arrived: Array<{ id: string; note: HTMLElement }> } | undefined;
  #lastId: string | undefined;
  /** This page's messages on their way, in order: the text and when Send was pressed. */
  #pending: Array<{ text: string; sentAt: number }> = [];
  #stops: Array<() => void> = [];
  #dropped = false;

  #join = this.el<HTMLFormElement>('[data-join]');
  #say = this.el<HTMLFormElement>('[data-say]');
  #leave = this.el<HTMLButtonElement>('[data-leave]');
  #list = this.el<HTMLOListElement>('[data-messages]');

  connectedCallback(): void {
    this.classList.add('is-live');
    enableScriptedControls(this);
    const socket = labSocket();
    this.#socket = socket;
    this.#join.querySelector('button')!.disabled = false;
    this.#join.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#joinRoom();
    });
    this.#say.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#sendMessage();
    });
    this.#leave.addEventListener('click', () => this.#leaveRoom());
    this.#stops.push(
      socket.onState((state) => this.#onState(state)),
      socket.onMessage((message) => this.#onMessage(message)),
    );
  }

  disconnectedCallback(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  #joinRoom(): void {
    const data = new FormData(this.#join);
    const name = String(data.get('name') ?? '').trim();
    const room = String(data.get('room') ?? '').trim();
    if (!name || !ROOM_PATTERN.test(room)) {
      this.report('Pick a name, and a room of a-z, 0-9 and - (up to 32 characters).');
      return;
    }
    if (this.#room !== undefined) this.#socket!.unsubscribe(`chat:${this.#room}`);
    this.#room = room;
    this.#name = name;
    this.#check = new SequenceCheck();
    this.#list.replaceChildren();
    this.#messages = 0;
    this.#socket!.subscribe(`chat:${room}`, { name });
    this.#setJoined(true);
    // Joining by Enter left focus in the name field, so the next Enter joined again instead of sending.
    this.#say.querySelector('input')!.focus();
    this.report(`Joining “${room}” as ${name}…`);
    this.#renderCounters();
  }

  #leaveRoom(): void {
    if (this.#room === undefined) return;
    this.#socket!.unsubscribe(`chat:${this.#room}`);
    this.report(`You left “${this.#room}”.`);
    this.#room = undefined;
    // Leave disables itself (and the message box): hand focus to Join, which stays live.
    this.#join.querySelector<HTMLButtonElement>('button[type="submit"]')!.focus();
    this.#setJoined(false);
    this.count('members', '–');
  }

  #sendMessage(): void {
    const input = this.#say.querySelector('input')!;
    const text = input.value.trim();
    if (!text || this.#room === undefined) return;
    const sent = this.#socket!.send({ type: 'chat', room: this.#room, text });
    if (!sent) {
      this.report('Not sent: the connection is down. It reconnects by itself; send again in a moment.');
      return;
    }
    this.#pending.push({ text, sentAt: performance.now() });
    input.value = '';
  }

  #onState(state: SocketState): void {
    const topic = this.#room === undefined ? undefined : `chat:${this.#room}`;
    switch (state.state) {
      case 'open':
        this.setState('open');
        if (this.#dropped) this.#reconnects += 1;
        this.#dropped = false;
        this.#renderCounters();
        break;
      case 'connecting':
        this.setState(state.attempt ? `reconnecting (attempt ${state.attempt})` : 'connecting');
        break;
      case 'waiting':
        this.setState(`closed (${state.code}), retrying in ${state.delayMs} ms`);
        this.#dropped = true;
        if (topic && !this.#resume) this.#resume = { droppedAt: performance.now(), from: this.#lastId, arrived: [] };
        // Messages sent but not seen back are lost with the connection; the replay will show the ones that arrived.
        this.#pending = [];
        break;
      case 'refused':
        this.setState(`closed by the server (${state.code})`);
        this.report(
          `The server closed the connection with ${state.code}${state.reason ? `: ${state.reason}` : ''}. Reload the page to start again.`,
        );
        break;
      case 'stopped':
        this.setState('not connected');
        break;
    }
  }

  #onMessage(message: ServerMessage): void {
    const topic = this.#room === undefined ? undefined : `chat:${this.#room}`;
    if (message.type === 'event' && message.event.topic === topic) this.#onEvent(message.event);
    else if (message.type === 'live' && message.topic === topic) this.#onLive(message.replayed);
    else if (message.type === 'reset' && message.topic === topic) {
      this.#check.restartAt(message.cursor);
      this.report(
        `The server could not resume from your last message (${message.reason}); it said so, and you carry on from ${eventLabel(message.cursor)}.`,
      );
    } else if (message.type === 'error') this.report(`The server refused a message: ${message.error}`);
  }

  #onLive(replayed: number): void {
    const resume = this.#resume;
    if (!resume) {
      this.report(`You are in “${this.#room}” as ${this.#name}. Open this page in a second window to talk to yourself.`);
      return;
    }
    this.#resume = undefined;
    this.#replayed += replayed;
    const fromLog = resume.arrived.slice(0, replayed);
    for (const { note } of fromLog) note.textContent += ' · replayed';
    const range = fromLog.length
      ? ` (${eventLabel(fromLog[0]!.id)}${fromLog.length > 1 ? ` … ${eventLabel(fromLog.at(-1)!.id)}` : ''})`
      : '';
    this.report(
      `Reconnected ${Math.round(performance.now() - resume.droppedAt)} ms after the drop and resumed after ${resume.from ? eventLabel(resume.from) : 'the start'}: ` +
        `the server replayed ${replayed} event${replayed === 1 ? '' : 's'} you missed${range}. ` +
        `Missed so far: ${this.#check.missed}, repeated: ${this.#check.repeated}.`,
    );
    this.#renderCounters();
  }

  #onEvent(event: RealtimeEvent): void {
    const verdict = this.#check.observe(event.id);
    this.#lastId = event.id;
    const data = event.data as ChatData;
    if (typeof data.members === 'number') this.count('members', String(data.members));
    let note = new Date(event.ts).toLocaleTimeString();
    if (verdict.kind === 'gap') note += ` · ${verdict.missed} missed!`;
    if (verdict.kind === 'repeat') note += ' · repeated!';
    let line: HTMLElement | undefined;
    if (event.type === 'message') {
      this.#messages += 1;
      this.#matchOwn(data);
      line = this.#addLine(data.name, `: ${data.text ?? ''}`, note, 'chat-message');
    } else if (event.type === 'join') {
      line = this.#addLine(data.name, ' joined', note, 'chat-system');
    } else if (event.type === 'leave') {
      line = this.#addLine(data.name, data.reason === 'disconnected' ? ' lost the connection' : ' left', note, 'chat-system');
    }
    if (line && this.#resume) this.#resume.arrived.push({ id: event.id, note: line });
    this.#renderCounters();
  }

  /** A message of ours came back: its round trip is Send → seen here, through the server. */
  #matchOwn(data: ChatData): void {
    const next = this.#pending[0];
    if (!next || data.name !== this.#name || data.text !== next.text) return;
    this.#pending.shift();
    this.count('rtt', formatMs(performance.now() - next.sentAt));
  }

  /** Appends a line (all text, never HTML) and returns its note element. */
  #addLine(name: string, rest: string, note: string, kind: string): HTMLElement {
    const item = document.createElement('li');
    item.className = kind;
    const main = document.createElement('span');
    const who = document.createElement('strong');
    who.textContent = name;
    main.append(who, document.createTextNode(rest));
    const small = document.createElement('small');
    small.textContent = note;
    item.append(main, ' ', small);
    this.appendCapped(this.#list, item, SHOWN_MESSAGES);
    const box = this.#list.parentElement!;
    box.scrollTop = box.scrollHeight;
    return small;
  }

  #setJoined(joined: boolean): void {
    this.#leave.disabled = !joined;
    this.#say.querySelector('input')!.disabled = !joined;
    this.#say.querySelector('button')!.disabled = !joined;
  }

  #renderCounters(): void {
    this.count('messages', String(this.#messages));
    this.count('reconnects', String(this.#reconnects));
    this.count('replayed', String(this.#replayed));
    this.count('integrity', `${this.#check.missed} / ${this.#check.repeated}`);
  }
}

customElements.define('chat-room', ChatRoom);
