/**
 * The pages of the site and the heading ids on each, read from the MDX sources the way Starlight
 * renders them: one route per file under src/content/docs, and heading ids from github-slugger over
 * each heading's text, numbered -1, -2 … on repeats within a page. Lets the quiz test check its
 * links without building the site.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import GithubSlugger from 'github-slugger';

/** Heading ids of one page's Markdown/MDX source, in order; `_top` is Starlight's id for the title. */
export function headingIds(source: string): string[] {
  const slugger = new GithubSlugger();
  const ids = ['_top'];
  let fence: string | undefined;
  for (const line of withoutFrontmatter(source).split(/\r?\n/)) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^\s{0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (heading) ids.push(slugger.slug(plainText(heading[1]!)));
  }
  return ids;
}

/** The route of a file under src/content/docs: `index.mdx` → `/`, `a/b.mdx` → `/a/b/`. */
export function routeOf(relativePath: string, source: string): string {
  const slug = /^slug:\s*['"]?([^'"\n]*)['"]?\s*$/m.exec(frontmatterOf(source))?.[1];
  const path =
    slug ??
    relativePath
      .replace(/\\/g, '/')
      .replace(/\.mdx?$/, '')
      .replace(/(^|\/)index$/, '');
  return path === '' ? '/' : `/${path.replace(/^\/|\/$/g, '')}/`;
}

/** Every page under `docsDir`, by route, with its heading ids. */
export function siteAnchors(docsDir: string): Map<string, Set<string>> {
  const pages = new Map<string, Set<string>>();
  for (const file of readdirSync(docsDir, { recursive: true, encoding: 'utf8' })) {
    if (!/\.mdx?$/.test(file)) continue;
    const source = readFileSync(join(docsDir, file), 'utf8');
    pages.set(routeOf(relative(docsDir, join(docsDir, file)), source), new Set(headingIds(source)));
  }
  return pages;
}

/** Why `href` (`/page/` or `/page/#id`) does not resolve, or undefined when it does. */
export function brokenLink(href: string, pages: Map<string, Set<string>>): string | undefined {
  const [path, id] = href.split('#') as [string, string | undefined];
  const ids = pages.get(path);
  if (!ids) return `no page ${path} (pages: ${[...pages.keys()].sort().join(', ')})`;
  if (id !== undefined && !ids.has(id)) return `no heading #${id} on ${path} (headings: ${[...ids].join(', ')})`;
  return undefined;
}

function frontmatterOf(source: string): string {
  return /^---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1] ?? '';
}

function withoutFrontmatter(source: string): string {
  return source.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
}

// The text a reader sees in a heading: inline code keeps its content, links keep their text, and
// emphasis markers and HTML tags go, as in the rendered heading whose text the slug is made from.
function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__|\*|_|~~)(\S(?:.*?\S)?)\1/g, '$2')
    .trim();
}
