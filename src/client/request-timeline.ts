import type { PollRequest } from './poll-metrics.ts';

const SVG = 'http://www.w3.org/2000/svg';
/** Lane geometry, in px: published events on top, requests below. */
const EVENT_LANE = { y: 4, height: 14 };
const WAIT_Y = 26;
const REQUEST_LANE = { y: 32, height: 22 };
const MIN_BAR_WIDTH = 3;

/** An event as drawn: when the server published it, in browser time. */
export interface TimelineEvent {
  publishedAt: number;
  /** Published from this page with "Publish now": drawn taller, with its wait until delivery. */
  mine: boolean;
  /** When it reached this page; undefined while it waits. */
  deliveredAt?: number;
}

/**
 * Draws the last `windowMs` of a polling client as an SVG: each request as a bar from when it was
 * sent to when its answer arrived (a short tick for a short poll, a long bar for a held one),
 * coloured by how it ended, and above them the moments events were published. The gap between
 * an event and the request that brought it is the latency the reader is looking at.
 */
export class RequestTimeline {
  readonly #svg: SVGSVGElement;
  readonly #windowMs: number;
  #width = 600;
  #requests: PollRequest[] = [];
  #events: TimelineEvent[] = [];

  constructor(svg: SVGSVGElement, windowMs = 20_000) {
    this.#svg = svg;
    this.#windowMs = windowMs;
    new ResizeObserver(() => {
      this.#width = Math.max(100, svg.clientWidth);
      this.render();
    }).observe(svg);
  }

  /** Adds a request (drawn as in flight until it gets `endedAt`); the object may be updated later. */
  addRequest(request: PollRequest): void {
    this.#requests.push(request);
  }

  /** Adds a published event; the object may be updated later (deliveredAt). */
  addEvent(event: TimelineEvent): void {
    this.#events.push(event);
  }

  clear(): void {
    this.#requests = [];
    this.#events = [];
    this.render();
  }

  /** Redraws for the moment `now` (browser ms since the epoch). */
  render(now = Date.now()): void {
    const from = now - this.#windowMs;
    this.#requests = this.#requests.filter((request) => request.endedAt === undefined || request.endedAt >= from);
    this.#events = this.#events.filter((event) => (event.deliveredAt ?? now) >= from);
    const x = (time: number): number => ((Math.max(time, from) - from) / this.#windowMs) * this.#width;
    const shapes: SVGElement[] = [];

    for (const event of this.#events) {
      if (event.mine) {
        const end = event.deliveredAt ?? now;
        shapes.push(rect('timeline-wait', x(event.publishedAt), WAIT_Y - 1, Math.max(1, x(end) - x(event.publishedAt)), 2));
      }
      const height = event.mine ? EVENT_LANE.height + 6 : EVENT_LANE.height;
      shapes.push(
        rect(event.mine ? 'timeline-event is-mine' : 'timeline-event', x(event.publishedAt) - 1, EVENT_LANE.y, event.mine ? 3 : 2, height),
      );
    }
    for (const request of this.#requests) {
      const start = x(request.startedAt);
      const end = x(request.endedAt ?? now);
      const kind = request.endedAt === undefined ? 'pending' : (request.outcome ?? 'pending');
      // A hairline gap at each bar's end keeps back-to-back long polls visibly separate requests.
      const width = end - start > MIN_BAR_WIDTH + 2 ? end - start - 1.5 : MIN_BAR_WIDTH;
      shapes.push(rect(`timeline-request is-${kind}`, start, REQUEST_LANE.y, width, REQUEST_LANE.height));
    }
    this.#svg.setAttribute('viewBox', `0 0 ${this.#width} ${REQUEST_LANE.y + REQUEST_LANE.height + 2}`);
    this.#svg.replaceChildren(...shapes);
  }
}

function rect(className: string, x: number, y: number, width: number, height: number): SVGRectElement {
  const shape = document.createElementNS(SVG, 'rect');
  shape.setAttribute('class', className);
  shape.setAttribute('x', x.toFixed(1));
  shape.setAttribute('y', String(y));
  shape.setAttribute('width', width.toFixed(1));
  shape.setAttribute('height', String(height));
  shape.setAttribute('rx', '1.5');
  return shape;
}
