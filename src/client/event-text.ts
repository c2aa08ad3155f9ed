import type { RealtimeEvent } from '../lib/realtime/event.ts';

/** A one-line, plain-text description of a feed event for widget logs (never HTML). */
export function describeEvent(event: RealtimeEvent): string {
  const data = event.data as Record<string, unknown> | null;
  if (event.type === 'price' && data && typeof data.symbol === 'string' && typeof data.price === 'number') {
    const change = typeof data.change === 'number' ? data.change : 0;
    const arrow = change > 0 ? '▲' : change < 0 ? '▼' : '•';
    return `${data.symbol} ${data.price.toFixed(2)} ${arrow}${Math.abs(change).toFixed(2)}`;
  }
  if (event.type === 'notification' && data && typeof data.text === 'string') return `🔔 ${data.text}`;
  return `${event.type} ${JSON.stringify(event.data)}`;
}
