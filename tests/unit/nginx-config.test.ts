import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderNginxConfig } from '../../src/server/cluster/nginx-config.ts';

const template = readFileSync(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');
const values = {
  port: 8080,
  upstreams: ['127.0.0.1:5001', '127.0.0.1:5002'],
  staticRoot: '/srv/site/dist/client',
  prefix: '/tmp/cluster/nginx',
  mimeTypes: '/etc/nginx/mime.types',
  userRoot: false,
};

describe('deploy/nginx.conf rendered for a cluster', () => {
  it('lists every instance as an upstream with passive health checks, and leaves no placeholder', () => {
    const config = renderNginxConfig(template, values);
    expect(config).not.toMatch(/\{\{/);
    expect(config).toContain(
      '    server 127.0.0.1:5001 max_fails=2 fail_timeout=5s;\n    server 127.0.0.1:5002 max_fails=2 fail_timeout=5s;',
    );
    expect(config).toContain('listen 127.0.0.1:8080;');
    expect(config).toContain('root /srv/site/dist/client;');
    expect(config).toContain('pid /tmp/cluster/nginx/nginx.pid;');
    expect(config).not.toContain('user root;');
    expect(config).not.toContain('brotli_static');
  });

  it('loads brotli_static only when the module is installed, and runs workers as root only when asked', () => {
    const config = renderNginxConfig(template, { ...values, brotliModule: '/usr/lib/nginx/modules/b.so', userRoot: true });
    expect(config).toContain('load_module /usr/lib/nginx/modules/b.so;');
    expect(config).toContain('    brotli_static on;');
    expect(config).toMatch(/^user root;$/m);
  });

  it('retries and counts only failures of one instance, never the 503 every instance answers while Redis is away', () => {
    const config = renderNginxConfig(template, values);
    const [directive] = config.match(/^\s*proxy_next_upstream .*;$/m) ?? [''];
    expect(directive.trim()).toBe('proxy_next_upstream error timeout http_502;');
  });

  it('refuses a placeholder it does not know', () => {
    expect(() => renderNginxConfig(`${template}\n{{SURPRISE}}`, values)).toThrow('unknown placeholder {{SURPRISE}}');
  });
});
