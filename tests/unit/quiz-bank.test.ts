import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { quizTopicSchema, type QuizTopic } from '../../src/lib/quiz/schema.ts';
import { brokenLink, headingIds, routeOf, siteAnchors } from '../support/doc-anchors.ts';

const QUIZ_DIR = fileURLToPath(new URL('../../src/content/quiz/', import.meta.url));
const DOCS_DIR = fileURLToPath(new URL('../../src/content/docs/', import.meta.url));

const files = readdirSync(QUIZ_DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort();
const parsed = files.map((name) => ({ name, result: quizTopicSchema.safeParse(parse(readFileSync(QUIZ_DIR + name, 'utf8'))) }));
const topics: QuizTopic[] = parsed.flatMap(({ result }) => (result.success ? [result.data] : []));
const questions = topics.flatMap((topic) => topic.questions.map((question) => ({ ...question, topic: topic.topic })));

describe('the interview quiz bank', () => {
  it.each(files)('%s matches the schema (options, right number of correct answers, explanations, links)', (name) => {
    const { result } = parsed.find((file) => file.name === name)!;
    expect(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([]);
  });

  it('has at least 60 questions, in every kind, over every section of the source text', () => {
    expect(questions.length).toBeGreaterThanOrEqual(60);
    const kinds = new Map<string, number>();
    for (const question of questions) kinds.set(question.kind, (kinds.get(question.kind) ?? 0) + 1);
    expect([...kinds.keys()].sort()).toEqual(['multiple', 'order', 'scenario', 'single']);
    for (const count of kinds.values()) expect(count).toBeGreaterThanOrEqual(4);
    expect(topics.map((topic) => topic.topic)).toEqual(
      expect.arrayContaining([
        'short-polling',
        'long-polling',
        'server-sent-events',
        'websockets',
        'comparison',
        'real-world',
        'system-design',
      ]),
    );
    for (const topic of topics) expect(topic.questions.length, topic.topic).toBeGreaterThanOrEqual(4);
  });

  it('uses each question id and each topic position once across all files', () => {
    const ids = questions.map((question) => question.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    const positions = topics.map((topic) => topic.position);
    expect(new Set(positions).size).toBe(positions.length);
    expect(files.map((name) => name.replace(/\.yaml$/, ''))).toEqual(topics.map((topic) => topic.topic));
  });

  it('explains every option and every ordering step, not only the right one', () => {
    for (const question of questions) {
      const reasons = question.kind === 'order' ? question.items.map((item) => item.why) : question.options.map((option) => option.why);
      expect(
        reasons.every((why) => why.length >= 20),
        question.id,
      ).toBe(true);
      expect(question.explanation.length, question.id).toBeGreaterThanOrEqual(40);
    }
  });

  // Regression: in 13 of 16 single-answer questions the key used to be the longest option, so a
  // reader could score well by picking the longest text without understanding anything.
  it('does not give the answer away by its length: the key is rarely the strictly longest or shortest option', () => {
    const single = questions.filter((question) => question.kind === 'single' || question.kind === 'scenario');
    const strictly = (pick: (a: number, b: number) => boolean) =>
      single.filter((question) => {
        const key = question.options.find((option) => option.correct)!.text.length;
        return question.options.filter((option) => !option.correct).every((option) => pick(key, option.text.length));
      }).length;
    expect(single.length).toBeGreaterThanOrEqual(40);
    expect(strictly((key, other) => key > other) / single.length).toBeLessThanOrEqual(0.4);
    expect(strictly((key, other) => key < other) / single.length).toBeLessThanOrEqual(0.4);
  });

  it('links most questions to the transport or topic page that teaches them, not to the interview page', () => {
    const elsewhere = questions.filter((question) => !question.learnMore.href.startsWith('/interview/'));
    expect(elsewhere.length / questions.length).toBeGreaterThanOrEqual(0.75);
  });

  it('links every question to a page and heading that exist', () => {
    const pages = siteAnchors(DOCS_DIR);
    const broken = questions.flatMap((question) => {
      const problem = brokenLink(question.learnMore.href, pages);
      return problem ? [`${question.id}: ${problem}`] : [];
    });
    expect(broken).toEqual([]);
    // Every link names a heading, so the reader lands on the section that teaches the answer.
    expect(questions.filter((question) => !question.learnMore.href.includes('#')).map((question) => question.id)).toEqual([]);
  });
});

describe('the quiz schema', () => {
  const base = {
    id: 'sample',
    prompt: 'Which?',
    explanation: 'Because.',
    learnMore: { href: '/interview/#scale-calculator', label: 'Calculator' },
  };
  const option = (text: string, correct = false) => ({ text, correct, why: `why ${text}` });
  const issues = (question: unknown): string[] => {
    const result = quizTopicSchema.safeParse({ topic: 'sample', label: 'Sample', position: 0, questions: [question] });
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.slice(2).join('.')}: ${issue.message}`);
  };

  it('accepts a well-formed question of each kind', () => {
    const options = [option('a', true), option('b'), option('c')];
    expect(issues({ ...base, kind: 'single', options })).toEqual([]);
    expect(issues({ ...base, kind: 'scenario', scenario: 'A shop.', options })).toEqual([]);
    expect(issues({ ...base, kind: 'multiple', options: [option('a', true), option('b', true), option('c')] })).toEqual([]);
    expect(
      issues({
        ...base,
        kind: 'order',
        orderBy: 'first to last',
        items: [
          { text: 'x', why: 'one' },
          { text: 'y', why: 'two' },
          { text: 'z', why: 'three' },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses the wrong number of correct answers', () => {
    expect(issues({ ...base, kind: 'single', options: [option('a', true), option('b', true), option('c')] })).toEqual([
      'options: a single question needs exactly 1 correct option, has 2',
    ]);
    expect(issues({ ...base, kind: 'scenario', scenario: 'A shop.', options: [option('a'), option('b'), option('c')] })).toEqual([
      'options: a scenario question needs exactly 1 correct option, has 0',
    ]);
    expect(issues({ ...base, kind: 'multiple', options: [option('a', true), option('b'), option('c')] })).toEqual([
      'options: a multiple-select question needs at least 2 correct and 1 wrong option, has 1 correct of 3',
    ]);
    expect(issues({ ...base, kind: 'multiple', options: [option('a', true), option('b', true), option('c', true)] })).toEqual([
      'options: a multiple-select question needs at least 2 correct and 1 wrong option, has 3 correct of 3',
    ]);
  });

  it('refuses missing explanations, too few options, repeated items and links that are not site paths', () => {
    expect(issues({ ...base, kind: 'single', explanation: '  ', options: [option('a', true), option('b'), option('c')] })).toEqual([
      'explanation: must not be empty',
    ]);
    expect(issues({ ...base, kind: 'single', options: [option('a', true), option('b')] })).toEqual(['options: needs at least 3 options']);
    expect(issues({ ...base, kind: 'single', options: [option('a', true), { text: 'b' }, option('c')] })).toEqual([
      'options.1.why: Invalid input: expected string, received undefined',
    ]);
    expect(
      issues({
        ...base,
        kind: 'order',
        orderBy: 'x',
        items: [
          { text: 'x', why: 'one' },
          { text: 'x', why: 'two' },
          { text: 'z', why: 'three' },
        ],
      }),
    ).toEqual(['items: items must be distinct']);
    expect(
      issues({
        ...base,
        kind: 'single',
        learnMore: { href: 'https://example.com/', label: 'x' },
        options: [option('a', true), option('b'), option('c')],
      }),
    ).toEqual(['learnMore.href: must be a site path ending in "/", optionally with "#heading-id"']);
  });
});

describe('heading ids as Starlight makes them', () => {
  it('slugs heading text, ignoring code fences, formatting and repeats', () => {
    const source = [
      '---',
      'title: A page',
      '---',
      '## Reconnection and `Last-Event-ID`',
      '```text',
      '## not a heading',
      '```',
      '### Six connections per origin on HTTP/1.1',
      '### 4. Fan out through a pub/sub backplane',
      '## Check yourself: the **quiz**',
      '## [Linked](https://example.com) heading',
      '## Check yourself: the quiz',
    ].join('\n');
    expect(headingIds(source)).toEqual([
      '_top',
      'reconnection-and-last-event-id',
      'six-connections-per-origin-on-http11',
      '4-fan-out-through-a-pubsub-backplane',
      'check-yourself-the-quiz',
      'linked-heading',
      'check-yourself-the-quiz-1',
    ]);
  });

  it('maps files to routes', () => {
    expect(routeOf('index.mdx', '')).toBe('/');
    expect(routeOf('interview.mdx', '')).toBe('/interview/');
    expect(routeOf('guides/index.md', '')).toBe('/guides/');
    expect(routeOf('a.mdx', '---\nslug: custom/path\n---\n')).toBe('/custom/path/');
  });

  it('finds this page and a missing one', () => {
    const pages = siteAnchors(DOCS_DIR);
    expect(brokenLink('/interview/#scale-calculator', pages)).toBeUndefined();
    expect(brokenLink('/interview/#no-such-heading', pages)).toMatch(/^no heading #no-such-heading on \/interview\//);
    expect(brokenLink('/carrier-pigeons/', pages)).toMatch(/^no page \/carrier-pigeons\//);
  });
});
