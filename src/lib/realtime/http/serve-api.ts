import { apiTable } from '../api-routes.ts';
import { getRuntime } from '../runtime.ts';
import { handleWebRequest, type WebContext } from './web-adapter.ts';

/**
 * Serves the process's API route table to a framework that speaks Request/Response: each file
 * in src/pages/api/ is `export const ALL = serveApi;`, which is how `astro dev` serves the API.
 */
export function serveApi(context: WebContext): Promise<Response> {
  const runtime = getRuntime();
  return handleWebRequest(apiTable(runtime), context, runtime.config.TRUST_PROXY);
}
