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

  it('keeps everything in memory without REDIS_URL, and names the instance <hostname>-<pid> by default', () => {
    const config = readConfig({ REDIS_URL: '' });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.INSTANCE_ID).toMatch(new RegExp(`-${process.pid}$`));
    expect(readConfig({ INSTANCE_ID: 'web-2' }).INSTANCE_ID).toBe('web-2');
  });

  it('takes redis:// and rediss:// URLs for REDIS_URL and refuses anything else', () => {
    expect(readConfig({ REDIS_URL: 'redis://127.0.0.1:6379/0' }).REDIS_URL).toBe('redis://127.0.0.1:6379/0');
    expect(readConfig({ REDIS_URL: 'rediss://user:pw@cache.example:6380' }).REDIS_URL).toBe('rediss://user:pw@cache.example:6380');
    expect(() => readConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(
      'Bad server settings in the environment: REDIS_URL: must be a redis:// or rediss:// URL like redis://127.0.0.1:6379',
    );
    expect(() => readConfig({ INSTANCE_ID: 'has space' })).toThrow('INSTANCE_ID');
  });
});
