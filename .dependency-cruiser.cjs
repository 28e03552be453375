// @ts-check
/**
 * Architecture dependency rules (run with `npm run depcheck`).
 *
 * Layers (top-level folders):
 *   domain/     pure business rules - depends on nothing but itself and pure libraries (zod, ulidx...)
 *   events/     event contracts     - may use domain/, may reference functions/ for TYPES only
 *   functions/  Lambda handlers, adapters - may use domain/ and events/
 *   infra/      CDK app             - may use anything it needs to wire things up
 *   local/      embedded local stack
 *
 * Every `from`/`to` path below is anchored with LAYER_ROOT, which also accepts
 * `test/arch/fixtures/<layer>/...`. That lets test/arch/dependency-rule.test.ts
 * prove the rules fire on deliberately broken fixture code. `npm run depcheck`
 * only cruises the real layer folders, so the fixtures are never part of it.
 *
 * Aliases: `#domain/*`, `#functions/*`, ... come from package.json `imports`;
 * enhanced-resolve handles them (importsFields defaults to ['imports']) and
 * `conditionNames`/`exportsFields` below make package `exports` resolve too.
 * The tsconfig is passed so .ts resolution and `import type` detection
 * (tsPreCompilationDeps) match the TypeScript compiler.
 */

/** Prefix that matches a layer folder at the repo root or inside the arch-test fixtures. */
const LAYER_ROOT = '^(test/arch/fixtures/)?';

/** Infrastructure / runtime-framework packages the domain must stay ignorant of. */
const INFRASTRUCTURE_PACKAGES = ['@aws-sdk/', '@aws-lambda-powertools/', '@middy/', 'aws-cdk-lib/', 'constructs/'];
const escapeRe = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const infraPackageAlternatives = INFRASTRUCTURE_PACKAGES.map(escapeRe).join('|');
// Resolved (node_modules/<pkg>/...) and unresolved (bare '<pkg>' / '<pkg>/sub') forms.
const INFRASTRUCTURE_PACKAGE_PATHS = [
  `(^|/)node_modules/(${infraPackageAlternatives})`,
  `^(${INFRASTRUCTURE_PACKAGES.map((p) => `${escapeRe(p.replace(/\/$/, ''))}(/|$)`).join('|')})`,
];

/** Node built-ins that perform I/O or touch the process/host. Pure ones (crypto, util, path, url...) stay allowed. */
const IO_BUILTINS = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'dns',
  'dns/promises',
  'child_process',
  'cluster',
  'worker_threads',
  'readline',
  'readline/promises',
  'repl',
  'tty',
  'os',
  'process',
  'inspector',
  'inspector/promises',
  'module',
  'v8',
  'vm',
  'sqlite',
  'wasi',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-no-infrastructure-packages',
      comment:
        'domain/ holds pure business rules. It must not depend on AWS SDK clients, CDK, Powertools or Middy - ' +
        'declare a port in domain/ports.ts and implement it in functions/ instead.',
      severity: 'error',
      from: { path: `${LAYER_ROOT}domain/` },
      to: { path: INFRASTRUCTURE_PACKAGE_PATHS },
    },
    {
      name: 'domain-no-outer-layers',
      comment:
        'domain/ is the innermost layer: it must not import functions/, infra/, local/ or events/ ' +
        '(not even types). Dependencies point inwards, towards domain/.',
      severity: 'error',
      from: { path: `${LAYER_ROOT}domain/` },
      to: { path: `${LAYER_ROOT}(functions|infra|local|events)/` },
    },
    {
      name: 'domain-no-io-builtins',
      comment:
        'domain/ must not use Node built-ins that do I/O or touch the host (fs, net, http, child_process, os, process, ...). ' +
        'I/O belongs behind a port implemented in functions/.',
      severity: 'error',
      from: { path: `${LAYER_ROOT}domain/` },
      to: {
        dependencyTypes: ['core'],
        path: `^(node:)?(${IO_BUILTINS.map(escapeRe).join('|')})$`,
      },
    },
    {
      name: 'functions-no-infra-local-test',
      comment:
        'Lambda code (functions/) is deployed on its own: it must not import CDK code (infra/), ' +
        'the local stack (local/) or test helpers (test/).',
      severity: 'error',
      from: { path: `${LAYER_ROOT}functions/` },
      to: {
        path: [`${LAYER_ROOT}(infra|local)/`, '^test/'],
        // ...but the fixture copies of layers functions/ may use are not "test helpers".
        pathNot: '^test/arch/fixtures/(domain|events|functions)/',
      },
    },
    {
      name: 'events-no-runtime-functions',
      comment:
        'Event contracts (events/) are shared by producers and consumers and must not pull in Lambda code. ' +
        "Type-only imports from functions/ (`import type`, e.g. FunctionName) are allowed - they vanish at runtime.",
      severity: 'error',
      from: { path: `${LAYER_ROOT}events/` },
      to: { path: `${LAYER_ROOT}functions/`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment:
        'Circular dependency (at runtime - cycles made only of `import type` edges are ignored). ' +
        'Break it with dependency inversion or by moving the shared piece into its own module.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        "This module imports something that can't be resolved. Either the package is missing from package.json, " +
        'or an import alias (#domain/*, #functions/*, ...) does not resolve - which would also silently defeat the layer rules above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Analyse TypeScript before compilation so `import type` edges are seen (and marked 'type-only').
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(cdk\\.out|coverage|\\.scratch)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
