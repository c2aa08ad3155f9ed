import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPARISON, TRANSPORT_INFO, TRANSPORTS } from '../../src/data/comparison.ts';

const fixture = fileURLToPath(new URL('../fixtures/seed.md', import.meta.url));
const shared = fileURLToPath(new URL('../../../shared/seed/real-time-communication.md', import.meta.url));

/** The seed's markdown comparison table as rows of trimmed cells. */
function seedTable(markdown: string): string[][] {
  const section = markdown.slice(markdown.indexOf('## Comparison Table'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[-\s|]+\|$/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe('comparison table data', () => {
  const [header, ...rows] = seedTable(readFileSync(fixture, 'utf8'));

  it('has the seed’s columns in the seed’s order', () => {
    expect(header).toEqual(['Feature', ...TRANSPORTS.map((transport) => TRANSPORT_INFO[transport].seedColumn)]);
  });

  it('matches the seed’s ratings cell for cell', () => {
    expect(COMPARISON.map((row) => [row.feature, ...TRANSPORTS.map((transport) => row.ratings[transport])])).toEqual(rows);
  });

  it('explains every row in a sentence', () => {
    for (const row of COMPARISON) expect(row.explanation.length).toBeGreaterThan(40);
  });

  // The fixture is a copy of the project's shared seed; when the shared folder sits beside the
  // repository (as on the team's machines and in CI), the copy must not have drifted from it.
  it.runIf(existsSync(shared))('uses a seed copy identical to the shared seed', () => {
    expect(readFileSync(fixture, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });
});
