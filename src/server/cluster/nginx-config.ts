import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Everything deploy/nginx.conf leaves open, for one machine and one cluster. */
export interface NginxConfigValues {
  /** Port nginx listens on. */
  port: number;
  /** `host:port` of each instance. */
  upstreams: string[];
  /** Absolute path of the static files (dist/client). */
  staticRoot: string;
  /** Absolute directory for pid, logs and temp files. */
  prefix: string;
  /** Absolute path of nginx's mime.types. */
  mimeTypes: string;
  /** Absolute path of ngx_http_brotli_static_module.so when installed; brotli_static is left out otherwise. */
  brotliModule?: string;
  /** Run workers as root: needed when the master is root and the files are not readable by `nobody`. */
  userRoot: boolean;
}

/** Fills in every `{{NAME}}` of the template; throws on a name it does not know or one left over. */
export function renderNginxConfig(template: string, values: NginxConfigValues): string {
  const fills: Record<string, string> = {
    USER: values.userRoot ? 'user root;' : '',
    LOAD_MODULES: values.brotliModule ? `load_module ${values.brotliModule};` : '',
    PREFIX: values.prefix,
    MIME_TYPES: values.mimeTypes,
    PORT: `127.0.0.1:${values.port}`,
    STATIC_ROOT: values.staticRoot,
    BROTLI_STATIC: values.brotliModule ? '    brotli_static on;' : '',
    // max_fails/fail_timeout: after 2 failed attempts nginx leaves an instance alone for 5 s.
    UPSTREAM_SERVERS: values.upstreams.map((address) => `    server ${address} max_fails=2 fail_timeout=5s;`).join('\n'),
  };
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = fills[name];
    if (value === undefined) throw new Error(`deploy/nginx.conf: unknown placeholder {{${name}}}`);
    return value;
  });
}

/** What this machine's nginx has: where mime.types is, and the brotli_static module if installed. */
export function detectNginx(): { mimeTypes: string; brotliModule?: string } {
  // `nginx -V` prints its build options (on stderr): --conf-path and --modules-path.
  const run = spawnSync('nginx', ['-V'], { encoding: 'utf8' });
  if (run.error) throw new Error(`nginx is not installed (or not on PATH): ${run.error.message}`);
  const options = `${run.stdout}\n${run.stderr}`;
  const confPath = /--conf-path=(\S+)/.exec(options)?.[1] ?? '/etc/nginx/nginx.conf';
  const modulesPath = /--modules-path=(\S+)/.exec(options)?.[1] ?? '/usr/lib/nginx/modules';
  const mimeTypes = join(dirname(confPath), 'mime.types');
  if (!existsSync(mimeTypes)) throw new Error(`nginx's mime.types is not at ${mimeTypes}`);
  const brotli = join(modulesPath, 'ngx_http_brotli_static_module.so');
  return { mimeTypes, brotliModule: existsSync(brotli) ? brotli : undefined };
}
