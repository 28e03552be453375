// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * Flat ESLint config (`npm run lint` = `eslint .`).
 *
 * - @eslint/js recommended + typescript-eslint recommended-type-checked for TypeScript.
 *   Typed linting uses the TypeScript project service against ./tsconfig.json, which
 *   covers domain, functions, events, infra, local, test, bench and root *.ts / *.mts.
 * - Plain JS config files (this file, .dependency-cruiser.cjs, ...) get the untyped rules only.
 * - domain/ may not read process.env: configuration is injected by the callers in functions/.
 *   (Import-level rules for domain/ live in .dependency-cruiser.cjs - `npm run depcheck`.)
 * - console is only for local/, bench/ and test/; Lambda code logs through Powertools.
 */

/** Node globals for the few plain-JS files (no `globals` package is installed). */
const nodeGlobals = /** @type {const} */ ({
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  structuredClone: 'readonly',
});

const commonJsGlobals = /** @type {const} */ ({
  module: 'writable',
  exports: 'writable',
  require: 'readonly',
  __dirname: 'readonly',
  __filename: 'readonly',
});

const processEnvMessage =
  'domain/ must stay pure: do not read process.env here. Read configuration in functions/ (functions/shared/config.ts) and pass values in.';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/cdk.out/',
    '**/coverage/',
    '.scratch/',
    '.local-data/',
    'bench/results/',
    // Deliberately rule-breaking code used by test/arch/dependency-rule.test.ts.
    'test/arch/fixtures/',
  ]),

  js.configs.recommended,

  {
    name: 'project/typescript',
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Lambda handlers and port implementations are often `async` to satisfy a Promise-returning
      // signature without awaiting anything; flagging those is noise.
      '@typescript-eslint/require-await': 'off',
      // Template literals with numbers are fine; objects/any in templates are not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },

  {
    name: 'project/plain-js',
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    name: 'project/commonjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
  },

  {
    name: 'project/no-console',
    rules: { 'no-console': 'error' },
  },
  {
    name: 'project/console-allowed',
    files: ['local/**', 'bench/**', 'test/**', 'docs/**'],
    rules: { 'no-console': 'off' },
  },

  {
    // Everything here is bundled into Lambda functions (events/ holds the contracts they parse with).
    // Classic zod cannot be tree-shaken (its methods live on prototypes): ~65 KB more in every bundle.
    name: 'project/bundle-size',
    files: ['functions/**', 'events/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['zod', 'zod/v4', 'zod/v3'].map((name) => ({
            name,
            message: "Use 'zod/mini' (import * as z from 'zod/mini'): classic zod adds ~65 KB to every function bundle.",
          })),
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'z', property: 'locales', message: 'Every language would be bundled; functions/shared/zod-messages.ts imports English alone.' },
      ],
    },
  },
  {
    name: 'project/domain-purity',
    files: ['domain/**'],
    rules: {
      // process.env, process['env'], const { env } = process
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: processEnvMessage }],
      'no-restricted-syntax': [
        'error',
        {
          // globalThis.process.env / global.process.env
          selector: "MemberExpression[object.type='MemberExpression'][object.property.name='process'][property.name='env']",
          message: processEnvMessage,
        },
      ],
      // import { env } from 'node:process' / import process from 'process'
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'process', message: processEnvMessage },
            { name: 'node:process', message: processEnvMessage },
          ],
        },
      ],
    },
  },
);
