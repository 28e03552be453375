/**
 * esbuild settings for every function bundle, shared by the CDK function construct and by
 * bench/bundles.ts so that what is measured is what is deployed (`npm run bench` prints each bundle's
 * size and cold import time; see bench/README.md).
 */
export const nodeTarget = 'node24';

/**
 * An ES module given as source, for an esbuild `alias` target. esbuild bundles `data:` URLs like files;
 * base64 keeps it one shell-safe argument when NodejsFunction passes it on the esbuild command line.
 */
const inlineModule = (source: string): string => `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`;

/**
 * A package every function bundle takes from a module of ours instead (esbuild `alias`): one providing
 * only what a Lambda function uses of it, the rest being code that is bundled because something imports
 * it but never runs in Lambda — or, for `node:http`, the same module loaded a cheaper way. `importedBy`
 * lists the only modules expected to import the package: the bench and test/unit/bench flag any other
 * importer, because a new one may need more than the stand-in provides.
 */
export interface StandIn {
  /** esbuild alias target: a path relative to the project root (the working directory of every build) or a `data:` URL. */
  readonly module: string;
  /** Resolved paths (as in esbuild's metafile) of the modules expected to import the package. */
  readonly importedBy: readonly RegExp[];
}

export const standIns = {
  /**
   * ~137 KB per bundle with an SDK client: the default credential chain's SSO/STS/sign-in clients and
   * its ini, process, web-identity, container and IMDS providers. See lambda-credentials.ts.
   */
  '@aws-sdk/credential-provider-node': {
    module: './infra/constructs/lambda-credentials.ts',
    importedBy: [/node_modules\/@aws-sdk\/client-[a-z0-9-]+\/dist-es\/runtimeConfig\.js$/],
  },
  /**
   * ~19 KB: event-stream (de)serialization, loaded lazily by the protocol only for operations with an
   * event-stream member (S3 SelectObjectContent, Bedrock InvokeModelWithResponseStream...). The clients the
   * portal uses — DynamoDB, Step Functions, EventBridge, Cognito — have none. Using such an operation in a
   * bundle fails with the error below instead of silently misbehaving.
   */
  '@smithy/core/event-streams': {
    module: inlineModule(`
const unavailable = () => {
  throw new Error('Event streams are not bundled: remove the @smithy/core/event-streams stand-in in infra/constructs/bundling.ts to use this operation');
};
export class EventStreamSerde { constructor() { unavailable(); } }
export const eventStreamSerdeProvider = unavailable;
`),
    importedBy: [/node_modules\/@smithy\/core\/dist-es\/submodules\/protocols\/HttpProtocol\.js$/],
  },
  /**
   * ~29 KB: aws-xray-sdk-core requires all of semver for one `semver.gte(AWS.VERSION, ...)` in its
   * AWS SDK v2 patcher (`captureAWS`), which the portal never calls (v3 clients go through
   * `captureAWSv3Client`). The stand-in keeps `gte` for plain x.y.z versions.
   */
  semver: {
    module: inlineModule(`
const parts = (version) => String(version).replace(/^v/, '').split(/[.+-]/, 3).map(Number);
export const gte = (a, b) => {
  const x = parts(a), y = parts(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return true;
};
`),
    importedBy: [/node_modules\/aws-xray-sdk-core\/dist\/lib\/patchers\/aws_p\.js$/],
  },
  /**
   * ~7 KB: mnemonist's LRU cache (plus its iterator helpers) behind DynamoDB endpoint discovery's
   * cache, which every DynamoDB client creates and only uses when endpoint discovery is enabled. The
   * stand-in is a Map-based LRU with the methods @aws-sdk/endpoint-cache calls.
   */
  'mnemonist/lru-cache': {
    module: inlineModule(`
export default class LRUCache {
  #map = new Map();
  #capacity;
  constructor(capacity) { this.#capacity = capacity; }
  get size() { return this.#map.size; }
  has(key) { return this.#map.has(key); }
  peek(key) { return this.#map.get(key); }
  get(key) {
    if (!this.#map.has(key)) return undefined;
    const value = this.#map.get(key);
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }
  set(key, value) {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) this.#map.delete(this.#map.keys().next().value);
    return this;
  }
  clear() { this.#map.clear(); }
}
`),
    importedBy: [/node_modules\/@aws-sdk\/endpoint-cache\/dist-es\/EndpointCache\.js$/],
  },
  /**
   * Not size but cold start (~13 ms of a function's import; ~30 ms in an otherwise empty process, Node 24):
   * an ES `import` of `node:http` builds an ES module facade that reads every export, and
   * `http.WebSocket`/`CloseEvent`/`MessageEvent` are lazy getters that load all of undici. Powertools Tracer imports `node:http` at module scope; the SDK's
   * HTTP handler imports it lazily. `process.getBuiltinModule` returns the same module object
   * (`require('node:http')`, which X-Ray patches), without the facade. Named exports: all but those
   * three getters (a named import of one of them fails the build, loudly).
   */
  'node:http': {
    module: inlineModule(`
const http = process.getBuiltinModule('node:http');
export default http;
export const {
  METHODS, STATUS_CODES, Agent, ClientRequest, IncomingMessage, OutgoingMessage, Server, ServerResponse,
  createServer, validateHeaderName, validateHeaderValue, get, request, setMaxIdleHTTPParsers, globalAgent,
} = http;
`),
    importedBy: [
      /node_modules\/@aws-lambda-powertools\/tracer\/lib\/esm\/provider\/ProviderService\.js$/,
      /node_modules\/@smithy\/node-http-handler\/dist-es\/node-http-handler\.js$/,
      /node_modules\/@middy\/util\/index\.js$/,
      /node_modules\/@smithy\/core\/dist-es\/submodules\/config\/config-resolver\/regionConfig\/getInstanceMetadataRegion\.js$/,
    ],
  },
} as const satisfies Record<string, StandIn>;

export type StandInName = keyof typeof standIns;

export const bundlingSettings = {
  format: 'esm',
  target: nodeTarget,
  platform: 'node',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  /** Some dependencies still `require()` Node built-ins; ESM output needs a `require` in scope. */
  banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  /** The AWS SDK v3 is bundled (pinned, tree-shaken) rather than taken from the runtime. */
  external: [] as string[],
  /** Package → replacement module, from `standIns`. */
  alias: Object.fromEntries(Object.entries(standIns).map(([name, standIn]) => [name, standIn.module])) as Record<StandInName, string>,
  /** License comments go to a `.LEGAL.txt` next to the bundle instead of into it. */
  legalComments: 'external',
} as const;

/**
 * The settings NodejsFunction has no property for (`alias`, `legalComments`), in the form of its
 * `bundling.esbuildArgs`. CDK runs esbuild in the project root, where the relative alias targets resolve.
 */
export const esbuildArgs: Record<string, string | string[]> = {
  '--alias': Object.entries(bundlingSettings.alias).map(([name, module]) => `${name}=${module}`),
  '--legal-comments': bundlingSettings.legalComments,
};
