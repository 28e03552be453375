/**
 * What the Powertools layer build gives Powertools Tracer for `import http from 'node:http'`.
 *
 * An ES-module import of `node:http` makes Node build the module's ESM facade, which reads every export
 * — among them the lazy `WebSocket`, `CloseEvent` and `MessageEvent` getters, which load undici (Node's
 * fetch and WebSocket implementation) just to fill the facade: ~11 ms of every function's cold start
 * (measured: bench/README.md, bundles), for code no function uses (the SDK talks through node:http).
 * `require` returns the same module object without reading those getters. Only the default export is
 * provided because it is all Tracer imports; esbuild fails the layer build if another import needs more.
 */
import type * as nodeHttp from 'node:http';
import { createRequire } from 'node:module';

const http = createRequire(import.meta.url)('node:http') as typeof nodeHttp;

export default http;
