/**
 * The shape of the interview quiz bank (src/content/quiz/*.yaml, one file per topic). The content
 * collection validates every file with `quizTopicSchema` at build time, and the unit test reads the
 * same files with it, so a malformed question fails both the build and the tests.
 */
import { z } from 'zod';

const prose = z.string().trim().min(1, 'must not be empty');
const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case, like "sse-reconnect"');

/** A link to a page of this site and, optionally, a heading on it: `/interview/#side-by-side`. */
export const siteLinkSchema = z.object({
  href: z.string().regex(/^\/([a-z0-9-]+\/)*(#[a-z0-9_-]+)?$/, 'must be a site path ending in "/", optionally with "#heading-id"'),
  /** What the reader will find there, e.g. "Interview: side by side". */
  label: prose,
});

/** One answer of a choice question, with why it is right or wrong. */
export const choiceOptionSchema = z.object({
  text: prose,
  correct: z.boolean().default(false),
  why: prose,
});

/** One item of an ordering question; items are listed in the correct order. */
export const orderItemSchema = z.object({ text: prose, why: prose });

const common = {
  id: kebab,
  prompt: prose,
  /** Why the right answer is right, read after answering. */
  explanation: prose,
  learnMore: siteLinkSchema,
};

const options = z.array(choiceOptionSchema).min(3, 'needs at least 3 options').max(6, 'has more than 6 options');

export const questionSchema = z
  .discriminatedUnion('kind', [
    z.object({ ...common, kind: z.literal('single'), options }),
    z.object({ ...common, kind: z.literal('multiple'), options }),
    /** A single-choice question set in a situation: "which transport for ...?". */
    z.object({ ...common, kind: z.literal('scenario'), scenario: prose, options }),
    z.object({
      ...common,
      kind: z.literal('order'),
      /** What the order is by, e.g. "from the most bytes per event to the fewest". */
      orderBy: prose,
      items: z.array(orderItemSchema).min(3, 'needs at least 3 items').max(6, 'has more than 6 items'),
    }),
  ])
  .superRefine((question, context) => {
    if (question.kind === 'order') {
      const texts = question.items.map((item) => item.text);
      if (new Set(texts).size !== texts.length) context.addIssue({ code: 'custom', path: ['items'], message: 'items must be distinct' });
      return;
    }
    const correct = question.options.filter((option) => option.correct).length;
    if (question.kind === 'multiple' && (correct < 2 || correct === question.options.length)) {
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: `a multiple-select question needs at least 2 correct and 1 wrong option, has ${correct} correct of ${question.options.length}`,
      });
    }
    if (question.kind !== 'multiple' && correct !== 1) {
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: `a ${question.kind} question needs exactly 1 correct option, has ${correct}`,
      });
    }
    const texts = question.options.map((option) => option.text);
    if (new Set(texts).size !== texts.length) context.addIssue({ code: 'custom', path: ['options'], message: 'options must be distinct' });
  });

/** One file of the bank: the questions on one topic, shown together in the score by topic. */
export const quizTopicSchema = z
  .object({
    topic: kebab,
    /** Name in the score table, e.g. "Long polling". */
    label: prose,
    /** Position of the topic in the bank (the order without JavaScript, and in the score table). */
    position: z.number().int().min(0),
    questions: z.array(questionSchema).min(1),
  })
  .superRefine((file, context) => {
    const ids = file.questions.map((question) => question.id);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) context.addIssue({ code: 'custom', path: ['questions'], message: `question id "${duplicate}" is used twice` });
  });

export type QuizTopic = z.infer<typeof quizTopicSchema>;
export type Question = z.infer<typeof questionSchema>;
export type ChoiceQuestion = Extract<Question, { options: unknown }>;
export type OrderQuestion = Extract<Question, { kind: 'order' }>;
