import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/realtime/config.ts';

describe('server settings', () => {
  it('has working defaults: 30 s pings, no extra origins', () => {
    const config = readConfig({});
    expect(config.WS_HEARTBEAT_MS).toBe(30_000);
    expect(config.ALLOWED_ORIGINS).toEqual([]);
    expect(config.SITE_URL).toBeUndefined();
  });

  it('reads ALLOWED_ORIGINS as a comma-separated list of origins, and SITE_URL as an origin', () => {
    const config = readConfig({
      ALLOWED_ORIGINS: ' https://a.example , http://b.example:8080/ignored/path,,',
      SITE_URL: 'https://lab.example/docs/',
    });
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(config.SITE_URL).toBe('https://lab.example');
  });

  it('fails loudly on an origin that is not http(s)', () => {
    expect(() => readConfig({ ALLOWED_ORIGINS: 'https://a.example,ftp://b.example' })).toThrow(
      'Bad server settings in the environment: ALLOWED_ORIGINS: "ftp://b.example" is not an http(s) origin like https://example.com',
    );
    expect(() => readConfig({ WS_HEARTBEAT_MS: 'soon' })).toThrow('WS_HEARTBEAT_MS');
  });
});
