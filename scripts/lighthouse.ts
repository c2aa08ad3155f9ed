/**
 * `npm run lighthouse`: Lighthouse's default mobile run (a Moto G Power–sized screen, simulated slow 4G
 * and a 4× slower CPU) on every page of the built site, printed as one table. It starts the built
 * server on a free port unless LIGHTHOUSE_URL names one already running, and a fresh Chromium for
 * every run. LIGHTHOUSE_RUNS (default 1) runs each page that many times and keeps the run with the
 * median performance score, as Lighthouse's docs advise against noise. Pages may be given as
 * arguments (`npm run lighthouse -- /websockets/`). Run `npm run build` first. Not part of `npm test`:
 * the scores depend on the machine's load.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse, { type RunnerResult } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

// chrome-launcher starts a headed browser unless told otherwise; Playwright adds its own headless flag.
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_ARGS];

/** Every page of the built site: `/` and each folder of dist/client holding an index.html. */
function sitePages(): string[] {
  const root = 'dist/client';
  const folders = readdirSync(root).filter((name) => name !== '_astro' && name !== 'pagefind' && statSync(join(root, name)).isDirectory());
  return ['/', ...folders.filter((name) => readdirSync(join(root, name)).includes('index.html')).map((name) => `/${name}/`)];
}

/** Starts `node src/server/main.ts` on a free port and resolves with its base URL once it listens. */
function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['src/server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ url: match[1]!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
  });
}

/** One Lighthouse run of `url` (mobile, performance and accessibility) in a fresh Chromium. */
async function audit(url: string): Promise<RunnerResult['lhr']> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROME_FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 1);
const server = process.env.LIGHTHOUSE_URL ? { url: process.env.LIGHTHOUSE_URL.replace(/\/$/, ''), stop: () => {} } : await startServer();
const rows: string[][] = [];
try {
  for (const path of process.argv.slice(2).length > 0 ? process.argv.slice(2) : sitePages()) {
    const results: Array<RunnerResult['lhr']> = [];
    for (let run = 0; run < runs; run += 1) results.push(await audit(`${server.url}${path}`));
    results.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
    const { categories, audits, runtimeError } = results[Math.floor((results.length - 1) / 2)]!;
    const score = (name: string) =>
      categories[name]?.score == null ? `– (${runtimeError?.code ?? 'no score'})` : String(Math.round(categories[name].score * 100));
    const shown = (name: string) => audits[name]?.displayValue ?? '–';
    rows.push([
      path,
      score('performance'),
      score('accessibility'),
      shown('first-contentful-paint'),
      shown('largest-contentful-paint'),
      shown('total-blocking-time'),
      shown('cumulative-layout-shift'),
      shown('dom-size'),
    ]);
    console.error(`${path}: ${rows.at(-1)!.slice(1, 3).join(' / ')}`);
  }
} finally {
  server.stop();
}

const header = ['page', 'performance', 'accessibility', 'FCP', 'LCP', 'TBT', 'CLS', 'DOM'];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
