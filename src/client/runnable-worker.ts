/// <reference lib="webworker" />
/**
 * Runs one snippet in a dedicated same-origin worker: its relative URLs resolve against this site,
 * its console goes back to the page, and terminating the worker closes every connection it opened.
 */
export type WorkerReport = { kind: 'log' | 'error'; text: string } | { kind: 'finished' };

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<unknown>;

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function report(message: WorkerReport): void {
  self.postMessage(message);
}

const sink =
  (kind: 'log' | 'error') =>
  (...values: unknown[]) =>
    report({ kind, text: values.map(show).join(' ') });
const snippetConsole = { log: sink('log'), info: sink('log'), debug: sink('log'), warn: sink('error'), error: sink('error') };

self.addEventListener('error', (event) => report({ kind: 'error', text: `Uncaught ${event.message}` }));
self.addEventListener('unhandledrejection', (event) => report({ kind: 'error', text: `Unhandled rejection: ${show(event.reason)}` }));

self.addEventListener('message', async (event: MessageEvent<{ code: string }>) => {
  try {
    // The snippet's `console` is the parameter, so its callbacks keep logging to the page.
    await new AsyncFunction('console', event.data.code)(snippetConsole);
  } catch (error) {
    report({ kind: 'error', text: show(error) });
  }
  report({ kind: 'finished' });
});
