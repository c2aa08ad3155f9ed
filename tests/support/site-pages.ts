/** Every page of the site, in the sidebar's order: the list the page-wide browser checks (axe, phone layout) walk. */
export const SITE_PAGES = [
  '/',
  '/short-polling/',
  '/long-polling/',
  '/server-sent-events/',
  '/websockets/',
  '/websockets-in-production/',
  '/comparison/',
  '/real-world/',
  '/interview/',
  '/scaling-out/',
  '/whats-next/',
];
