// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { realtimeDevServer } from './src/server/dev-integration.ts';
import { precompress } from './src/server/precompress.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { tableRowCards } from './src/markdown/table-row-cards.ts';

// Pages are prerendered to static files; only src/pages/api/* (and /events) run on demand.
export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  server: { port: Number(process.env.PORT ?? 4321), host: process.env.HOST ?? 'localhost' },
  adapter: node({ mode: 'standalone' }),
  session: false,
  // Markdown tables become row cards on a phone (src/styles/tables.css).
  markdown: { processor: satteri({ hastPlugins: [tableRowCards] }) },
  integrations: [
    starlight({
      title: 'Realtime Lab',
      description: 'Learn short polling, long polling, Server-Sent Events and WebSockets with live demos measured against a real server.',
      sidebar: [
        { label: 'Start here', link: '/' },
        {
          label: 'Transports',
          items: [
            { label: 'Short polling', link: '/short-polling/' },
            { label: 'Long polling', link: '/long-polling/' },
            { label: 'Server-Sent Events', link: '/server-sent-events/' },
            { label: 'WebSockets', link: '/websockets/' },
            { label: 'WebSockets in production', link: '/websockets-in-production/' },
          ],
        },
        {
          label: 'Compare',
          items: [
            { label: 'Comparison and race', link: '/comparison/' },
            { label: 'Real-world patterns', link: '/real-world/' },
            { label: 'Scaling out', link: '/scaling-out/' },
          ],
        },
        {
          label: 'Prepare',
          items: [{ label: 'Interview: notification system', link: '/interview/' }],
        },
        {
          label: 'Beyond',
          items: [{ label: 'What comes next', link: '/whats-next/' }],
        },
      ],
      // Long lines wrap instead of scrolling: nothing sideways on a phone, and no unnamed scroll regions.
      expressiveCode: { defaultProps: { wrap: true } },
      customCss: [
        './src/styles/widgets.css',
        './src/styles/tables.css',
        './src/styles/polling.css',
        './src/styles/websockets.css',
        './src/styles/comparison.css',
        './src/styles/quiz.css',
        './src/styles/scale-calculator.css',
        './src/styles/whats-next.css',
      ],
    }),
    mdx(),
    realtimeDevServer(),
    precompress(),
  ],
});
