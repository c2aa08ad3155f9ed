import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../src/server/node-flags.ts';

describe('the V8 flags of the production server', () => {
  it('are the ones `npm start` runs the server with', () => {
    // package.json cannot import the list, so this pins the two together.
    const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toBe(`exec node ${SERVER_NODE_FLAGS.join(' ')} src/server/main.ts`);
  });

  it('are accepted by this Node', () => {
    // Node exits with "bad option" on a flag it does not know or a value it cannot read; without
    // this check a typo would show only when the server is deployed.
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
