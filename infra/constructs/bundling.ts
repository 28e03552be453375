/**
 * esbuild settings for every function bundle, shared by the CDK function construct and by
 * bench/bundles.ts so that what is measured is what is deployed.
 */
export const nodeTarget = 'node24';

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
} as const;
