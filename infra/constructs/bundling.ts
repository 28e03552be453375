import type { BuildOptions } from 'esbuild';

/**
 * esbuild settings for every function bundle, shared by the CDK function construct and by
 * bench/bundles.ts so that what is measured is what is deployed (`npm run bench` prints each bundle's
 * size and cold import time; see bench/README.md).
 */
export const nodeTarget = 'node24';

/**
 * A package every function bundle takes from a module of ours instead (esbuild `alias`), providing only
 * what a Lambda function uses of it. `importedBy` lists the only modules expected to import the package:
 * the bench and test/unit/bench flag any other importer, because a new one may need more than the
 * stand-in provides. Kept to one deliberate case: hand-written stand-ins for library internals trade a
 * few KB for code nobody maintains.
 */
export interface StandIn {
  /** esbuild alias target: a path relative to the project root (the working directory of every build). */
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
  /**
   * Powertools (with Tracer's X-Ray SDK) comes from the Powertools layer every function gets
   * (./powertools-layer.ts: built by esbuild from the installed, pinned packages, with these settings);
   * the AWS SDK v3 is bundled (pinned, tree-shaken).
   */
  external: ['@aws-lambda-powertools/*'] as string[],
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

/**
 * `bundlingSettings` as esbuild JavaScript-API options (the same flags NodejsFunction passes on the command
 * line), for the builds the project runs itself: the Powertools layer and the bundle benchmark.
 */
export function esbuildBuildOptions(absWorkingDir: string): BuildOptions {
  const s = bundlingSettings;
  return {
    bundle: true,
    absWorkingDir,
    format: s.format,
    target: s.target,
    platform: s.platform,
    minify: s.minify,
    sourcemap: s.sourcemap,
    mainFields: [...s.mainFields],
    banner: { js: s.banner },
    external: [...s.external],
    alias: { ...s.alias },
    legalComments: s.legalComments,
  };
}
