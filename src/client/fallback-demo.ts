import { FallbackFeed, type FeedTransport } from './fallback-feed.ts';
import { PATHS } from '../lib/realtime/protocol.ts';
import { describeEvent } from './event-text.ts';
import { SequenceCheck } from './sequence-check.ts';
import { LiveWidget } from './live-widget.ts';

const SHOWN_EVENTS = 12;
const TRANSPORT_NAMES: Record<FeedTransport, string> = {
  connecting: 'connecting…',
  websocket: 'WebSocket',
  'long-polling': 'long polling (fallback)',
  stopped: '–',
};

/**
 * `<fallback-demo>`: runs a FallbackFeed on the ticker; the checkbox makes its WebSocket attempts
 * go to a path the server refuses at the upgrade, and drops the current transport so the switch
 * happens now. Every event is checked for gaps and repeats across the switches.
 */
class FallbackDemo extends LiveWidget {
  #start = this.el<HTMLButtonElement>('[data-start]');
  #blocked = this.el<HTMLInputElement>('[data-blocked]');
  #events = this.el<HTMLOListElement>('[data-events]');
  #feed: FallbackFeed | undefined;
  #check = new SequenceCheck();
  #counts = { websocket: 0, 'long-polling': 0, switches: 0 };
  #transport: FeedTransport = 'stopped';

  connectedCallback(): void {
    this.classList.add('is-live');
    this.#start.disabled = false;
    this.#blocked.disabled = false;
    this.#start.addEventListener('click', () => (this.#feed ? this.#stop() : this.#begin()));
    this.#blocked.addEventListener('change', () => this.#feed?.reconnect());
    window.addEventListener('pagehide', () => this.#stop());
  }

  disconnectedCallback(): void {
    this.#stop();
  }

  #begin(): void {
    this.#check = new SequenceCheck();
    this.#counts = { websocket: 0, 'long-polling': 0, switches: 0 };
    this.#transport = 'stopped';
    this.#events.replaceChildren();
    this.#feed = new FallbackFeed(
      { topic: 'ticker', webSocketPath: () => (this.#blocked.checked ? PATHS.wsBlocked : PATHS.ws) },
      {
        onEvent: (event, via) => {
          this.#check.observe(event.id);
          this.#counts[via] += 1;
          const line = this.logLine(describeEvent(event), `${event.id} · by ${via === 'websocket' ? 'WebSocket' : 'long polling'}`);
          this.prependCapped(this.#events, line, SHOWN_EVENTS);
          this.#render();
        },
        onReset: (notice) => this.#check.restartAt(notice.cursor),
        onTransport: (transport, why) => {
          const switched =
            transport !== 'connecting' && transport !== 'stopped' && this.#transport !== 'stopped' && transport !== this.#transport;
          if (switched) this.#counts.switches += 1;
          if (transport !== 'connecting') this.#transport = transport;
          this.setState(TRANSPORT_NAMES[transport]);
          this.report(`${why[0]!.toUpperCase()}${why.slice(1)}.${this.#feed?.cursor ? ` Continuing after ${this.#feed.cursor}.` : ''}`);
          this.#render();
        },
      },
    );
    this.#start.textContent = 'Stop';
    this.#feed.start();
  }

  #stop(): void {
    this.#feed?.stop();
    this.#feed = undefined;
    this.#start.textContent = 'Start';
  }

  #render(): void {
    this.count('transport', TRANSPORT_NAMES[this.#transport]);
    this.count('websocket', String(this.#counts.websocket));
    this.count('long-polling', String(this.#counts['long-polling']));
    this.count('switches', String(this.#counts.switches));
    this.count('integrity', `${this.#check.missed} / ${this.#check.repeated}`);
  }
}

customElements.define('fallback-demo', FallbackDemo);
