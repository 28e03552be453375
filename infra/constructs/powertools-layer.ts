import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { buildSync, type Metafile, type OutputFile } from 'esbuild';
import { lambdaDefaults } from '#infra/config';
import { esbuildBuildOptions } from './bundling.ts';

/**
 * Powertools for AWS Lambda (TypeScript) — Logger, Metrics, Tracer with the X-Ray SDK — is not in the
 * function bundles (`external` in ./bundling.ts): every function gets a layer of ours holding Powertools
 * pre-bundled by esbuild, whose `nodejs/node_modules` Lambda resolves the bundles'
 * `@aws-lambda-powertools/*` imports from.
 *
 * Why a layer: it keeps every function's artifact well under 350 KB (~158 KB of Powertools and X-Ray SDK
 * per function moved out) and Powertools shared by every function of the stack. Why our own, bundled,
 * rather than AWS's official Powertools layer: the official layer ships the packages as installed —
 * ~125 unminified files (the X-Ray SDK and its dependencies CommonJS) — and resolving and compiling them
 * cost ~21 ms per cold import over the same code bundled. The same bytes bundled, minified and split
 * into a few ESM files cost ~2–3 ms over a fully bundled function (bench/README.md, "bundles").
 *
 * The layer is built at synthesis from the packages installed here (the one pinned version
 * `powertoolsVersion()` checks: what the tests and the local stack run) with the functions' own esbuild
 * settings, so what is tested is what is deployed. No SSM lookup, no dependency on AWS publishing a
 * layer for a version or region.
 */
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const scope = '@aws-lambda-powertools';

/**
 * Every Powertools module a function may import: the layer's entry points. The function bundles import
 * exactly these (test/infra/bundling.test.ts, test/unit/bench); a new one must be added here.
 */
export const powertoolsEntryPoints = [
  `${scope}/logger`,
  `${scope}/logger/middleware`,
  `${scope}/metrics`,
  `${scope}/metrics/middleware`,
  `${scope}/tracer`,
  `${scope}/tracer/middleware`,
] as const;

export type PowertoolsEntryPoint = (typeof powertoolsEntryPoints)[number];

/** Where a package's root (`index.mjs`) and `/middleware` (`middleware.mjs`) entry points are written. */
const entryFile = (entryPoint: string): string => {
  const [pkg = '', subpath] = entryPoint.slice(scope.length + 1).split('/');
  return `${pkg}/${subpath ?? 'index'}`;
};
const packagesOf = (entryPoints: readonly string[]): string[] => [...new Set(entryPoints.map((e) => e.slice(scope.length + 1).split('/')[0]!))];

/** The directory of the layer holding the scope's packages (`nodejs/node_modules/@aws-lambda-powertools`). */
export const layerScopeDir = (layerDir: string): string => path.join(layerDir, 'nodejs', 'node_modules', scope);
/** Shared chunks (code splitting), next to the package directories. */
export const sharedChunkDir = '_shared';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/**
 * The one Powertools version the layer must be: every installed `@aws-lambda-powertools/*` package and every
 * pin of one in package.json must name it exactly. Mixed versions, or a range instead of a pin, fail synthesis
 * — the layer would otherwise be built from one version while package.json says another.
 */
export function powertoolsVersion(root: string = projectRoot): string {
  const installedDir = `${root}node_modules/${scope}`;
  const installed = readdirSync(installedDir).map((name) => ({
    what: `${scope}/${name} installed`,
    version: String(readJson(`${installedDir}/${name}/package.json`).version),
  }));
  const manifest = readJson(`${root}package.json`);
  const pinned = Object.entries({ ...(manifest.dependencies as Record<string, string>), ...(manifest.devDependencies as Record<string, string>) })
    .filter(([name]) => name.startsWith(`${scope}/`))
    .map(([name, version]) => ({ what: `${name} in package.json`, version }));
  const all = [...installed, ...pinned];
  const versions = new Set(all.map((entry) => entry.version));
  const [version] = versions;
  if (installed.length === 0 || pinned.length === 0 || versions.size !== 1 || version === undefined || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(
      'Powertools packages must all be pinned to, and installed at, one exact version (the Powertools Lambda layer ' +
        `is built from it): ${all.map(({ what, version: v }) => `${what}: ${v}`).join(', ') || `none found under ${installedDir}`}`,
    );
  }
  return version;
}

export interface PowertoolsLayerBuild {
  /** The layer's root: what `Code.fromAsset` zips (it holds `nodejs/`). */
  readonly dir: string;
  readonly version: string;
  /** Bytes of the layer's JavaScript (`.mjs`, without source maps, legal notices and package.json files). */
  readonly bytes: number;
  /** Every file of the layer, relative to `dir`, sorted. */
  readonly files: readonly string[];
  /** Each `.mjs` file of the layer (relative to `dir`): what it weighs, which layer files it imports, what it holds. */
  readonly modules: Readonly<Record<string, LayerModule>>;
}

export interface LayerModule {
  readonly bytes: number;
  /** Other layer files it imports statically (relative to the layer root). */
  readonly imports: readonly string[];
  /** Source files bundled into it (paths relative to the project root, as esbuild's metafile has them). */
  readonly inputs: Readonly<Record<string, { readonly bytesInOutput: number; readonly sourceBytes: number }>>;
}

/** The layer file (relative to the layer root) an entry point resolves to through its package.json `exports`. */
export const layerFileOf = (entryPoint: PowertoolsEntryPoint): string => `nodejs/node_modules/${scope}/${entryFile(entryPoint)}.mjs`;

/**
 * esbuild over the installed packages: the functions' settings (target, minify, ESM, banner, legal
 * comments, source maps — functions run with --enable-source-maps), nothing external, code splitting so
 * the six entry points share one copy of what they have in common, and Tracer's `node:http` taken
 * through `require` (./node-http-via-require.ts: ~11 ms less cold start). Output paths (and so the source
 * maps' relative `sources`) are laid out as if under `layerDir`; nothing is written.
 */
function bundlePowertools(layerDir: string, root: string): { outputs: OutputFile[]; metafile: Metafile } {
  const s = esbuildBuildOptions(root);
  const result = buildSync({
    ...s,
    metafile: true,
    write: false,
    entryPoints: Object.fromEntries(powertoolsEntryPoints.map((entryPoint) => [entryFile(entryPoint), entryPoint])),
    outdir: layerScopeDir(layerDir),
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: `${sharedChunkDir}/[name]-[hash]`,
    alias: { ...s.alias, 'node:http': './infra/constructs/node-http-via-require.ts' },
    external: [],
    logLevel: 'warning',
  });
  if (!result.outputFiles || !result.metafile) throw new Error('esbuild returned no output files or metafile for the Powertools layer');
  return { outputs: result.outputFiles, metafile: result.metafile };
}

/** The metafile's outputs as layer modules (paths relative to the layer root). */
function layerModules(metafile: Metafile, layoutDir: string, root: string): Record<string, LayerModule> {
  const inLayer = (file: string) => path.relative(layoutDir, path.resolve(root, file)).split(path.sep).join('/');
  return Object.fromEntries(
    Object.entries(metafile.outputs)
      .filter(([file]) => file.endsWith('.mjs'))
      .map(([file, output]) => [
        inLayer(file),
        {
          bytes: output.bytes,
          imports: output.imports.filter((i) => !i.external).map((i) => inLayer(i.path)),
          inputs: Object.fromEntries(
            Object.entries(output.inputs).map(([input, { bytesInOutput }]) => [input, { bytesInOutput, sourceBytes: metafile.inputs[input]?.bytes ?? 0 }]),
          ),
        },
      ]),
  );
}

/** The package.json of each package in the layer: ESM, its root and `./middleware` entry points. */
function packageJsons(version: string): Record<string, string> {
  return Object.fromEntries(
    packagesOf(powertoolsEntryPoints).map((pkg) => {
      const exports = Object.fromEntries(
        powertoolsEntryPoints
          .filter((entryPoint) => entryPoint === `${scope}/${pkg}` || entryPoint.startsWith(`${scope}/${pkg}/`))
          .map((entryPoint) => [`.${entryPoint.slice(`${scope}/${pkg}`.length)}`, `./${path.basename(entryFile(entryPoint))}.mjs`]),
      );
      return [`${pkg}/package.json`, `${JSON.stringify({ name: `${scope}/${pkg}`, version, type: 'module', exports }, null, 2)}\n`];
    }),
  );
}

/** Every file of the layer (bundled outputs laid out under `layoutDir`, package.json files), relative to the layer root. */
function layerFiles(outputs: readonly OutputFile[], layoutDir: string, version: string): Array<[string, Uint8Array | string]> {
  const toPosix = (file: string) => file.split(path.sep).join('/');
  return [
    ...outputs.map((output): [string, Uint8Array] => [toPosix(path.relative(layoutDir, output.path)), output.contents]),
    ...Object.entries(packageJsons(version)).map(([file, text]): [string, string] => [
      toPosix(path.relative(layoutDir, path.join(layerScopeDir(layoutDir), file))),
      text,
    ]),
  ].sort(([a], [b]) => a.localeCompare(b));
}

function writeLayer(files: ReadonlyArray<[string, Uint8Array | string]>, targetDir: string): void {
  for (const [file, contents] of files) {
    mkdirSync(path.dirname(path.join(targetDir, file)), { recursive: true });
    writeFileSync(path.join(targetDir, file), contents);
  }
}

/** Whether `dir` holds exactly these files with these contents. */
function isIntact(dir: string, files: ReadonlyArray<[string, Uint8Array | string]>): boolean {
  if (!existsSync(dir)) return false;
  const onDisk = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
  return (
    onDisk === files.length &&
    files.every(([file, contents]) => {
      const target = path.join(dir, file);
      return existsSync(target) && Buffer.compare(readFileSync(target), Buffer.from(contents)) === 0;
    })
  );
}

function summary(files: ReadonlyArray<[string, Uint8Array | string]>, modules: Record<string, LayerModule>, dir: string, version: string): PowertoolsLayerBuild {
  const bytes = files.filter(([file]) => file.endsWith('.mjs')).reduce((sum, [, contents]) => sum + Buffer.byteLength(contents), 0);
  return { dir, version, bytes, files: files.map(([file]) => file), modules };
}

/**
 * Builds the Powertools layer into `outDir` (emptied first): `nodejs/node_modules/@aws-lambda-powertools/`
 * with `<pkg>/{index.mjs,middleware.mjs,package.json}` per package and the shared chunks in `_shared/`.
 * Used by the construct (at synthesis), by bench/bundles.ts and by the tests.
 */
export function buildPowertoolsLayer(outDir: string, root: string = projectRoot): PowertoolsLayerBuild {
  const version = powertoolsVersion(root);
  const { outputs, metafile } = bundlePowertools(outDir, root);
  const files = layerFiles(outputs, outDir, version);
  rmSync(outDir, { recursive: true, force: true });
  writeLayer(files, outDir);
  return summary(files, layerModules(metafile, outDir, root), outDir, version);
}

let synthesized: PowertoolsLayerBuild | undefined;

/**
 * The layer directory for synthesis, built once per process into the OS temp dir under a hash of its
 * content, so every synthesis of the same packages and settings yields the same asset (a directory
 * already there is reused if it holds exactly those files). The outputs are laid out as if under the project's `cdk.out/`, so the source
 * maps' relative paths do not depend on the temp dir.
 */
export function synthesizedPowertoolsLayer(): PowertoolsLayerBuild {
  synthesized ??= stagePowertoolsLayer();
  return synthesized;
}

/** Builds the layer and makes sure its copy under `baseDir` is intact (what `synthesizedPowertoolsLayer` does once per process). */
export function stagePowertoolsLayer(baseDir: string = tmpdir()): PowertoolsLayerBuild {
  const version = powertoolsVersion();
  const layoutDir = path.join(projectRoot, 'cdk.out', 'powertools-layer');
  const { outputs, metafile } = bundlePowertools(layoutDir, projectRoot);
  const files = layerFiles(outputs, layoutDir, version);
  const hash = createHash('sha256');
  for (const [file, contents] of files) hash.update(`${file}\n`).update(contents).update('\n');
  const dir = path.join(baseDir, `powertools-layer-${version}-${hash.digest('hex').slice(0, 16)}`);
  if (!isIntact(dir, files)) {
    // Written beside it, then renamed: a concurrent synthesis (parallel test workers) never sees half a layer.
    // A directory left by an earlier synthesis is deployed as found, so one that lost or changed a file
    // (a temp cleaner, a person) is replaced rather than trusted.
    const staging = `${dir}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    writeLayer(files, staging);
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!isIntact(dir, files)) throw error;
    }
  }
  // Marks the copy as in use, so the pruning of another synthesis (another pin, another checkout) keeps it.
  const now = new Date();
  try {
    utimesSync(dir, now, now);
    pruneStaleLayerCopies(baseDir, dir, now.getTime());
  } catch {
    // A copy another user owns, or one being pruned meanwhile: the cache's upkeep never fails a synthesis.
  }
  return summary(files, layerModules(metafile, layoutDir, projectRoot), dir, version);
}

/**
 * Copies of other builds (another Powertools pin, other bundling settings) and staging leftovers of a
 * killed synthesis that no synthesis has used for this long: the copies are a cache keyed by content,
 * and without pruning every change of pin or settings would leave one behind in the temp dir for good.
 */
export const staleLayerCopyMs = 7 * 24 * 3600 * 1000;

function pruneStaleLayerCopies(baseDir: string, keep: string, now: number): void {
  for (const name of readdirSync(baseDir)) {
    const candidate = path.join(baseDir, name);
    if (!name.startsWith('powertools-layer-') || candidate === keep) continue;
    try {
      if (now - statSync(candidate).mtimeMs > staleLayerCopyMs) rmSync(candidate, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another synthesis's pruning.
    }
  }
}

const layerId = 'PowertoolsLayer';

/** The stack's one Powertools layer (created on first use): every function of the stack shares it. */
export function powertoolsLayer(construct: Construct): ILayerVersion {
  const stack = Stack.of(construct);
  const existing = stack.node.tryFindChild(layerId);
  if (existing) return existing as ILayerVersion;
  const layer = synthesizedPowertoolsLayer();
  return new LayerVersion(stack, layerId, {
    code: Code.fromAsset(layer.dir),
    compatibleRuntimes: [lambdaDefaults.runtime],
    compatibleArchitectures: [Architecture.ARM_64],
    description: `Powertools for AWS Lambda (TypeScript) ${layer.version} (logger, metrics, tracer), bundled by esbuild from the pinned packages`,
  });
}
