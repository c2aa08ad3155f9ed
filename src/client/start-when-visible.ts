/**
 * Calls `start` once, the first time `element` scrolls into view (or within `rootMargin` of it,
 * default '0px'); returns a function that cancels.
 * Widgets that are safe to run unasked (a stream that only listens) start like this rather than on
 * load: an off-screen stream would hold one of the browser's six HTTP/1.1 connections for nothing.
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
