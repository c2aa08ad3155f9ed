/**
 * Calls `start` once, the first time `element` scrolls into view; returns a function that cancels.
 * Widgets that are safe to run unasked (a stream that only listens) start like this rather than on
 * load: an off-screen stream would hold one of the browser's six HTTP/1.1 connections for nothing.
 * A reader who asked for less motion (`prefers-reduced-motion: reduce`) gets no self-starting
 * widget: it waits for its Connect button.
 */
export function startWhenVisible(element: Element, start: () => void): () => void {
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) return () => {};
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    start();
  });
  observer.observe(element);
  return () => observer.disconnect();
}
