/**
 * The text that POST /api/stream "answers" with: generated deterministically from the prompt, so the
 * same prompt always streams the same tokens. It is not a language model; it only has the shape of
 * one (a reply that arrives a word at a time).
 */

/** Largest prompt accepted, in characters (a longer one is answered 413). */
export const MAX_PROMPT_CHARS = 500;
/** Most tokens one reply may stream. */
export const MAX_TOKENS = 120;
/** Tokens streamed when the request does not say. */
export const DEFAULT_TOKENS = 60;

const OPENERS = ['Here is a streamed reply about', 'Streaming an answer on', 'A word-by-word reply to'];
const WORDS = (
  'The server writes each token as soon as it exists, and the browser reads the body as a stream, ' +
  'so the first words appear long before the last one is ready. An event-stream frame ends with a ' +
  'blank line; a reader splits on it and reads the data field. Aborting the fetch closes the ' +
  'connection, and the server stops generating at once, which is what saves the work.'
).split(' ');

/** FNV-1a over UTF-16 code units: a stable 32-bit number from a string. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/**
 * The reply to `prompt`, split into `count` tokens (each a word with its leading space, the way
 * model tokenizers attach spaces). Same prompt and count, same tokens.
 */
export function tokensFor(prompt: string, count: number): string[] {
  const topic = prompt.trim().split(/\s+/).slice(0, 6).join(' ');
  const opener = OPENERS[hash(prompt) % OPENERS.length]!;
  const words = [...opener.split(' '), ...`“${topic}”:`.split(' ')];
  let position = hash(`${prompt}#`) % WORDS.length;
  while (words.length < count) {
    words.push(WORDS[position]!);
    position = (position + 1) % WORDS.length;
  }
  return words.slice(0, count).map((word, index) => (index === 0 ? word : ` ${word}`));
}
