/**
 * Proves the architecture rules actually fail the build:
 * - dependency-cruiser (.dependency-cruiser.cjs, `npm run depcheck`) rejects forbidden imports, and
 * - ESLint (eslint.config.js, `npm run lint`) rejects process.env in domain/.
 *
 * Rule-breaking code lives in test/arch/fixtures/<layer>/..., which the dependency-cruiser
 * config treats exactly like <layer>/... at the repository root (see its LAYER_ROOT).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..', '..');
const depcruiseConfig = join(repoRoot, '.dependency-cruiser.cjs');
const tsConfigFile = join(repoRoot, 'tsconfig.json');
const fixtures = 'test/arch/fixtures';

/** Runs dependency-cruiser through its JS API with the project config, like the CLI does. */
async function depcruise(paths: string[]): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(depcruiseConfig);
  const { output } = await cruise(
    paths,
    { ...options, baseDir: repoRoot, tsConfig: { fileName: tsConfigFile } },
    undefined,
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  if (typeof output === 'string') throw new Error(`expected a JSON cruise result, got: ${output}`);
  return output;
}

const summarise = (violations: IViolation[]) =>
  violations.map(({ rule, from, to }) => ({ rule: rule.name, severity: rule.severity, from, to }));

const violationsFrom = (result: ICruiseResult, from: string) =>
  summarise(result.summary.violations.filter((violation) => violation.from === from));

describe('dependency-cruiser architecture rules', () => {
  it('reports a domain file importing @aws-sdk/* as a domain-no-infrastructure-packages error', async () => {
    const file = `${fixtures}/domain/bad-import.ts`;
    const result = await depcruise([file]);

    expect(violationsFrom(result, file)).toEqual([
      {
        rule: 'domain-no-infrastructure-packages',
        severity: 'error',
        from: file,
        to: expect.stringMatching(/(^|\/)node_modules\/@aws-sdk\/client-dynamodb\//) as string,
      },
    ]);
    expect(result.summary.error).toBeGreaterThan(0);
  });

  it('fails the depcruise CLI (non-zero exit) on the same fixture', () => {
    const cli = join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
    const run = spawnSync(process.execPath, [cli, `${fixtures}/domain/bad-import.ts`, '--config', depcruiseConfig], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });

    expect(run.error).toBeUndefined();
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('domain-no-infrastructure-packages');
  });

  it('reports the other domain rules: I/O built-ins and outer layers (even type-only)', async () => {
    const io = `${fixtures}/domain/bad-io.ts`;
    const outer = `${fixtures}/domain/bad-outer-layer.ts`;
    const result = await depcruise([io, outer]);

    expect(violationsFrom(result, io)).toEqual([{ rule: 'domain-no-io-builtins', severity: 'error', from: io, to: 'fs' }]);
    expect(violationsFrom(result, outer)).toEqual([
      { rule: 'domain-no-outer-layers', severity: 'error', from: outer, to: 'functions/catalog.ts' },
    ]);
  });

  it('accepts a pure domain module (domain imports via #domain/*, zod, node:crypto)', async () => {
    const file = `${fixtures}/domain/pure.ts`;
    const result = await depcruise([file]);

    expect(result.summary.violations).toEqual([]);
    const pure = result.modules.find((module) => module.source === file);
    // The #domain/* alias must resolve, otherwise the layer rules could never match.
    expect(pure?.dependencies.map((dependency) => dependency.resolved)).toContain('domain/money.ts');
  });

  it('lets events/ import functions/ for types only', async () => {
    const typeOnly = `${fixtures}/events/type-only-functions-import.ts`;
    const runtime = `${fixtures}/events/runtime-functions-import.ts`;
    const result = await depcruise([typeOnly, runtime]);

    expect(violationsFrom(result, typeOnly)).toEqual([]);
    expect(violationsFrom(result, runtime)).toEqual([
      { rule: 'events-no-runtime-functions', severity: 'error', from: runtime, to: 'functions/catalog.ts' },
    ]);
  });

  it('forbids functions/ from importing infra/', async () => {
    const file = `${fixtures}/functions/imports-infra.ts`;
    const result = await depcruise([file]);

    expect(violationsFrom(result, file)).toEqual([
      { rule: 'functions-no-infra-local-test', severity: 'error', from: file, to: `${fixtures}/infra/stack-name.ts` },
    ]);
  });

  it('reports runtime cycles but not cycles made only of import type', async () => {
    const result = await depcruise([
      `${fixtures}/functions/cycle-a.ts`,
      `${fixtures}/functions/type-cycle-a.ts`,
    ]);

    const cycles = result.summary.violations.filter((violation) => violation.rule.name === 'no-circular');
    // dependency-cruiser reports each cycle once, from one of its members.
    expect(cycles).toHaveLength(1);
    const members = [cycles[0]?.from, ...(cycles[0]?.cycle ?? []).map(({ name }) => name)];
    expect(new Set(members)).toEqual(new Set([`${fixtures}/functions/cycle-a.ts`, `${fixtures}/functions/cycle-b.ts`]));
    expect(result.summary.error).toBe(1);
  });

  it('finds zero violations in the real domain/ folder', async () => {
    const result = await depcruise(['domain']);

    expect(result.summary.totalCruised).toBeGreaterThan(0);
    expect(summarise(result.summary.violations)).toEqual([]);
    expect(result.summary.error).toBe(0);
  });
});

describe('ESLint domain purity rule', () => {
  const virtualFile = '__arch-fixture__reads-env.ts';
  const eslint = new ESLint({
    cwd: repoRoot,
    // The project's eslint.config.js, plus: no type information for the virtual file below
    // (the TypeScript project service only knows files on disk; the rules under test are syntactic).
    overrideConfig: { ...tseslint.configs.disableTypeChecked, files: [`**/${virtualFile}`] },
  });
  const code = readFileSync(join(repoRoot, fixtures, 'domain', 'reads-env.ts'), 'utf8');
  // The fixture folder is lint-ignored, so lint its text as if it were a real module in a layer folder.
  const lintAs = async (filePath: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath) });
    if (!result) throw new Error('ESLint returned no result');
    return result.messages;
  };

  it('reports every process.env access in domain/', async () => {
    const messages = await lintAs(`domain/${virtualFile}`);

    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.map(({ ruleId, line }) => ({ ruleId, line }))).toEqual([
      { ruleId: 'no-restricted-properties', line: 3 },
      { ruleId: 'no-restricted-properties', line: 5 },
      { ruleId: 'no-restricted-syntax', line: 8 },
    ]);
    expect(messages.every((message) => message.severity === 2)).toBe(true);
  }, 30_000);

  it('allows process.env outside domain/ (functions read config)', async () => {
    const messages = await lintAs(`functions/${virtualFile}`);

    expect(messages).toEqual([]);
  }, 30_000);
});
