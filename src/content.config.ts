import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { quizTopicSchema } from './lib/quiz/schema.ts';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  /** The interview quiz: one YAML file per topic, checked against the bank's schema at build time. */
  quiz: defineCollection({ loader: glob({ pattern: '*.yaml', base: './src/content/quiz' }), schema: quizTopicSchema }),
};
