/**
 * Calls `start` once, the first time `element` scrolls into view (or within `rootMargin` of it,
 * default '0px'); returns a function that cancels. Code that is only needed near its element
 * (the scale calculator's) loads like this.
 */
export function startWhenVisible(element: Element, start: () => void, rootMargin = '0px'): () => void {
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      start();
    },
    { rootMargin },
  );
  observer.observe(element);
  return () => observer.disconnect();
}

/**
 * Starts a widget that is safe to run unasked (a stream that only listens) when it scrolls into
 * view rather than on load: an off-screen stream would hold one of the browser's six HTTP/1.1
 * connections for nothing. A reader who asked for less motion (`prefers-reduced-motion: reduce`)
 * gets no self-starting widget: it waits for its Connect button.
 */
export function autoStartWhenVisible(element: Element, start: () => void): () => void {
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) return () => {};
  return startWhenVisible(element, start);
}
