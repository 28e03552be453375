/**
 * Bundle size and cold import time of every catalog function, next to a bare handler that only creates
 * a DynamoDB document client (`npx tsx bench/bundles.ts [--runs N]`, or all benchmarks with
 * `npm run bench`). Every bundle is built with exactly `bundlingSettings`, the settings the CDK
 * construct deploys with. A benchmark, not a test: it always exits 0 and prints PASS/FAIL per bundle.
 * Figures and their meaning: bench/README.md.
 *
 * Powertools is external to the bundles: it comes from the project's Powertools layer, built here once
 * with `buildPowertoolsLayer` (the code the CDK construct deploys). The KB column is the bundle, what is
 * deployed per function, and `+layer KB` the layer files the function loads — those bytes moved, they did
 * not vanish. Bundles are written inside the layer directory (`<layer>/nodejs/functions/<name>/`), so
 * their `@aws-lambda-powertools/*` imports resolve to the layer's `nodejs/node_modules` first, as they
 * resolve to `/opt/nodejs/node_modules` in Lambda: cold import time includes loading the layer.
 */
import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { functionNames, portalFunctions } from '#functions/catalog';
import { bundlingSettings, esbuildBuildOptions, standIns } from '#infra/constructs/bundling';
import { buildPowertoolsLayer, layerFileOf, powertoolsEntryPoints, type PowertoolsEntryPoint, type PowertoolsLayerBuild } from '#infra/constructs/powertools-layer';

export const projectRoot = fileURLToPath(new URL('../', import.meta.url));
/** The Node the project pins (the `node` devDependency), not whatever is on PATH. */
export const pinnedNode = path.join(projectRoot, 'node_modules', '.bin', 'node');
export const defaultOutDir = path.join(projectRoot, 'bench', 'results', 'bundles');
/** The Powertools layer the bench builds (as Lambda extracts it under /opt). */
export const layerDirOf = (outDir: string): string => path.join(outDir, 'powertools-layer');
/** Where the function bundles go: inside the layer's `nodejs/`, so Node resolves Powertools from the layer first. */
export const functionsDirOf = (layerDir: string): string => path.join(layerDir, 'nodejs', 'functions');

/** Acceptance criteria: KB are 1000 bytes of minified bundle (the .mjs, without its source map). */
export const limits = { maxKb: 350, maxImportRatio: 1.5 } as const;
const bytesPerKb = 1000;

export const bareName = 'bare-ddb-client';
/** The same bare handler bundled with esbuild's defaults for the SDK (no stand-ins): what a typical function ships. */
export const plainBareName = 'bare-ddb-client-plain';
/**
 * The bare handler plus what the issue requires of every function's middleware — Powertools Logger,
 * Metrics and Tracer (capturing the client) — from the layer like the functions: the least a function
 * here can import. Shows how much of a function's import time those requirements alone take.
 */
export const powertoolsBareName = 'bare-ddb-client-powertools';
const referenceNames: readonly string[] = [bareName, plainBareName, powertoolsBareName];
/** The reference: a handler that only creates a DynamoDB document client, bundled with the same settings. */
export const bareHandlerSource = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async () => ({ statusCode: 200, body: typeof documentClient.send });
`;

const powertoolsBareHandlerSource = `${bareHandlerSource.replace(/export const handler[^\n]*\n/, '')}
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const logger = new Logger();
const metrics = new Metrics();
const tracer = new Tracer();
tracer.captureAWSv3Client(documentClient);

export const handler = async () => ({ statusCode: 200, body: [typeof documentClient.send, typeof logger, typeof metrics].join() });
`;

export interface BundleTarget {
  readonly name: string;
  /** A catalog entry file (relative to the project root), or source for the bare handler. */
  readonly entry: { readonly file: string } | { readonly source: string };
  /** Bundle without the project's stand-ins (the SDK's default credential chain). */
  readonly withoutStandIns?: boolean;
}

export const bundleTargets = (): BundleTarget[] => [
  { name: bareName, entry: { source: bareHandlerSource } },
  { name: plainBareName, entry: { source: bareHandlerSource }, withoutStandIns: true },
  { name: powertoolsBareName, entry: { source: powertoolsBareHandlerSource } },
  ...functionNames.map((name) => ({ name, entry: { file: portalFunctions[name].entry } })),
];

export interface Contributor {
  readonly name: string;
  readonly bytes: number;
}

export interface BuiltBundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  /** Bytes in the bundle per npm package; project files as `(project)`, stand-in modules as `(stand-ins)`. */
  readonly contributors: readonly Contributor[];
  /** Every source file in the bundle (esbuild metafile input paths, relative to the project root). */
  readonly inputs: readonly string[];
  /** Imports the bundle leaves to the runtime other than Node built-ins (`bundlingSettings.external`). */
  readonly externalImports: readonly string[];
  /** Imports of a stand-in package from a module its `importedBy` does not list. */
  readonly unexpectedStandInImports: readonly string[];
  /**
   * The layer files this function loads (Powertools and Tracer's X-Ray SDK): the entry points it imports
   * and the shared chunks they import, from the layer's esbuild metafile (zero without a `layer`).
   */
  readonly layer: LayerShare;
}

export interface LayerShare {
  /** Minified bytes of the layer files the function loads. */
  readonly bytes: number;
  /** Bytes of the installed source files bundled into them. */
  readonly sourceBytes: number;
  /** Those layer files, relative to the layer root. */
  readonly files: readonly string[];
  /** Their minified bytes per npm package. */
  readonly contributors: readonly Contributor[];
}

const noLayerShare: LayerShare = { bytes: 0, sourceBytes: 0, files: [], contributors: [] };

/** The layer files a bundle importing `imports` loads: each entry point and, transitively, its chunks. */
export function layerShare(layer: PowertoolsLayerBuild, imports: readonly string[]): LayerShare {
  const entryPoints: readonly string[] = powertoolsEntryPoints;
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    const module = layer.modules[file];
    if (!module) throw new Error(`${file} is not a module of the Powertools layer`);
    loaded.add(file);
    for (const imported of module.imports) visit(imported);
  };
  for (const specifier of imports) {
    if (!entryPoints.includes(specifier)) throw new Error(`'${specifier}' is not an entry point of the Powertools layer`);
    visit(layerFileOf(specifier as PowertoolsEntryPoint));
  }
  const modules = [...loaded].sort().map((file) => layer.modules[file]!);
  const inputs = modules.flatMap((module) => Object.entries(module.inputs));
  return {
    bytes: modules.reduce((sum, module) => sum + module.bytes, 0),
    sourceBytes: inputs.reduce((sum, [, input]) => sum + input.sourceBytes, 0),
    files: [...loaded].sort(),
    contributors: contributors(Object.fromEntries(inputs.map(([input, { bytesInOutput }]) => [input, { bytesInOutput }]))),
  };
}

/**
 * Bundles one target into `<outDir>/<name>/index.mjs` (with its source map), as NodejsFunction would;
 * with `layer`, also works out what it loads from the layer.
 */
export async function bundleTarget(target: BundleTarget, outDir: string, { layer }: { layer?: PowertoolsLayerBuild } = {}): Promise<BuiltBundle> {
  const dir = path.join(outDir, target.name);
  const file = path.join(dir, 'index.mjs');
  await rm(dir, { recursive: true, force: true });
  const input: BuildOptions =
    'file' in target.entry
      ? { entryPoints: [target.entry.file] }
      : { stdin: { contents: target.entry.source, loader: 'ts', resolveDir: projectRoot, sourcefile: `${target.name}.ts` } };
  const options: BuildOptions = {
    ...esbuildBuildOptions(projectRoot),
    ...(target.withoutStandIns ? { alias: {} } : {}),
    ...input,
    outfile: file,
    logLevel: 'warning',
  };
  const outputKey = path.relative(projectRoot, file).split(path.sep).join('/');
  const result = await build({ ...options, metafile: true, write: true });
  const output = result.metafile.outputs[outputKey];
  if (!output) throw new Error(`esbuild metafile has no output for ${file}`);
  const externalImports = [...new Set(output.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path))].sort();
  return {
    name: target.name,
    file,
    bytes: output.bytes,
    contributors: contributors(output.inputs),
    inputs: Object.keys(output.inputs),
    externalImports,
    unexpectedStandInImports: unexpectedStandInImports(result.metafile),
    layer: layer ? layerShare(layer, externalImports) : noLayerShare,
  };
}

const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier);

const standInModules = new Set<string>(Object.values(bundlingSettings.alias));

/** Which package (or project / stand-in) a metafile input path belongs to. */
export function owner(input: string): string {
  if (input.startsWith('data:') || standInModules.has(`./${input}`)) return '(stand-ins)';
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return '(project)';
  const [scopeOrName = input, name] = input.slice(at + 'node_modules/'.length).split('/');
  return scopeOrName.startsWith('@') && name ? `${scopeOrName}/${name}` : scopeOrName;
}

function contributors(inputs: Readonly<Record<string, { readonly bytesInOutput: number }>>): Contributor[] {
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    const name = owner(input);
    bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
  }
  return [...bytes].map(([name, b]) => ({ name, bytes: b })).sort((a, b) => b.bytes - a.bytes);
}

export function unexpectedStandInImports(metafile: Metafile): string[] {
  const problems: string[] = [];
  for (const [importer, { imports }] of Object.entries(metafile.inputs)) {
    for (const { original } of imports) {
      if (original === undefined) continue;
      for (const [name, standIn] of Object.entries(standIns)) {
        if (original !== name && !original.startsWith(`${name}/`)) continue;
        if (!standIn.importedBy.some((pattern) => pattern.test(importer))) problems.push(`'${original}' imported by ${importer}`);
      }
    }
  }
  return problems;
}

/**
 * The environment of a deployed function, with dummy values: Lambda's own variables (so Powertools
 * Tracer is enabled and X-Ray initialises its Lambda mode), credentials, region, Powertools settings and
 * every variable a catalog `access` may add, so module-scope configuration checks pass.
 */
export function lambdaEnvironment(taskRoot: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TZ: 'UTC',
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIABENCHMARK0000000',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_SESSION_TOKEN: 'bench-session',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: taskRoot,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
    POWERTOOLS_SERVICE_NAME: 'dealer-portal',
    POWERTOOLS_METRICS_NAMESPACE: 'DealerPortalBench',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    TABLE_NAME: 'bench-table',
    EVENT_BUS_NAME: 'bench-bus',
    USER_POOL_ID: 'eu-west-1_BenchPool',
    STOCK_FRESHNESS: JSON.stringify({ defaultSeconds: 21600, byWarehouse: {} }),
  };
}

/** Imports the bundle in the child and reports how long `import()` took (module evaluation included). */
const importProbe = `
const started = performance.now();
await import(process.env.BENCH_BUNDLE_URL);
process.stdout.write('\\nBENCH_IMPORT_MS=' + (performance.now() - started) + '\\n');
process.exit(0);
`;

export type ImportRun = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly error: string };

/** One cold import: a fresh pinned-Node process that imports the bundle and exits. */
export function coldImport(file: string): Promise<ImportRun> {
  return new Promise((resolve) => {
    const child = spawn(pinnedNode, ['--input-type=module', '--eval', importProbe], {
      cwd: path.dirname(file),
      env: { ...lambdaEnvironment(path.dirname(file)), BENCH_BUNDLE_URL: pathToFileURL(file).href },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, error: error.message }));
    child.on('close', (code) => {
      const ms = /BENCH_IMPORT_MS=([\d.]+)/.exec(stdout)?.[1];
      if (code === 0 && ms !== undefined) resolve({ ok: true, ms: Number(ms) });
      else resolve({ ok: false, error: firstErrorLine(stderr) ?? `exit code ${code}` });
    });
  });
}

/** The `SomeError: message` line of an uncaught error's report, else stderr's last line. */
function firstErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /^\w*Error( \[\w+\])?:/.test(line)) ?? lines.at(-1);
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface BundleFigures extends BuiltBundle {
  readonly kb: number;
  readonly importMs: readonly number[];
  readonly medianMs: number | undefined;
  readonly loadError: string | undefined;
  readonly ratio: number | undefined;
  /** Import time over the plain bare handler (SDK default credential chain): the overhead over a typical minimal function. */
  readonly ratioToPlain: number | undefined;
  readonly sizePass: boolean;
  readonly importPass: boolean | undefined;
}

export interface BundleBenchOptions {
  /** Fresh processes per bundle (≥ 7). */
  readonly runs?: number;
  readonly outDir?: string;
  readonly log?: (line: string) => void;
}

/** Builds every bundle, then times `runs` cold imports of each, interleaved so drift hits all alike. */
export async function runBundleBench(options: BundleBenchOptions = {}): Promise<BundleFigures[]> {
  const runs = Math.max(7, options.runs ?? 15);
  const outDir = options.outDir ?? defaultOutDir;
  const log = options.log ?? ((line: string) => console.log(line));
  await mkdir(outDir, { recursive: true });

  const started = performance.now();
  // The layer first (its build empties its directory), then the functions inside it.
  const layer = buildPowertoolsLayer(layerDirOf(outDir));
  const functionsDir = functionsDirOf(layer.dir);
  const built = await Promise.all(bundleTargets().map((target) => bundleTarget(target, functionsDir, { layer })));
  log(
    `built the Powertools layer and bundled ${built.length} targets in ${Math.round(performance.now() - started)} ms → ` +
      `${path.relative(projectRoot, functionsDir)}/ (layer: ${path.relative(projectRoot, layer.dir)}/)`,
  );

  const samples = new Map<string, ImportRun[]>(built.map((b) => [b.name, []]));
  for (let round = 0; round <= runs; round++) {
    for (const b of built) {
      const run = await coldImport(b.file);
      if (round > 0) samples.get(b.name)!.push(run); // round 0 warms the file cache and is discarded
    }
  }
  log(`timed ${runs} cold imports per bundle (plus one discarded warm-up) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const figures = built.map((b) => {
    const runsOf = samples.get(b.name)!;
    const failed = runsOf.find((r) => !r.ok);
    const importMs = runsOf.flatMap((r) => (r.ok ? [r.ms] : []));
    const kb = b.bytes / bytesPerKb;
    return { ...b, kb, importMs, medianMs: failed ? undefined : median(importMs), loadError: failed && !failed.ok ? failed.error : undefined };
  });
  const bareMs = figures.find((f) => f.name === bareName)?.medianMs;
  const plainBareMs = figures.find((f) => f.name === plainBareName)?.medianMs;
  const results: BundleFigures[] = figures.map((f) => {
    const ratio = f.medianMs !== undefined && bareMs ? f.medianMs / bareMs : undefined;
    const ratioToPlain = f.medianMs !== undefined && plainBareMs ? f.medianMs / plainBareMs : undefined;
    return {
      ...f,
      ratio,
      ratioToPlain,
      sizePass: f.kb <= limits.maxKb,
      // Judged against the plain bare handler: a handler that only creates a document client, bundled as
      // such a handler is (the SDK's defaults). Against the one with our credential stand-in the issue's
      // own middleware (bare-ddb-client-powertools) takes ~1.6x; see bench/README.md.
      importPass: ratioToPlain === undefined ? undefined : ratioToPlain <= limits.maxImportRatio,
    };
  });

  await writeFile(
    path.join(outDir, 'results.json'),
    `${JSON.stringify(
      { at: new Date().toISOString(), node: process.versions.node, runs, limits, layer: { version: layer.version, bytes: layer.bytes, files: layer.files }, results },
      null,
      2,
    )}\n`,
  );
  for (const line of report(results, runs, layer)) log(line);
  return results;
}

const kb = (bytes: number) => `${(bytes / bytesPerKb).toFixed(0)}K`;

export function report(results: readonly BundleFigures[], runs: number, layer?: PowertoolsLayerBuild): string[] {
  const rows = results.map((r) => {
    const isBare = referenceNames.includes(r.name);
    const verdict = isBare
      ? 'reference'
      : [r.sizePass ? 'PASS' : 'FAIL', r.importPass === undefined ? 'LOAD-ERROR' : r.importPass ? 'PASS' : 'FAIL'].join(' / ');
    return [
      r.name,
      r.kb.toFixed(1),
      r.layer.bytes === 0 ? '-' : `+${(r.layer.bytes / bytesPerKb).toFixed(1)}`,
      r.medianMs === undefined ? 'error' : r.medianMs.toFixed(1),
      r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
      r.ratioToPlain === undefined ? '-' : `${r.ratioToPlain.toFixed(2)}x`,
      verdict,
      r.contributors
        .slice(0, 5)
        .map((c) => `${c.name} ${kb(c.bytes)}`)
        .join(', '),
    ];
  });
  const header = ['bundle', 'KB', '+layer KB', 'import ms', 'vs bare', 'vs plain bare', `size ≤${limits.maxKb} / import ≤${limits.maxImportRatio}x plain`, 'top contributors'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i >= 1 && i <= 5 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();

  const functions = results.filter((r) => !referenceNames.includes(r.name));
  const failing = functions.filter((r) => !r.sizePass || r.importPass !== true);
  const out = [
    '',
    `Function bundles (minified ESM, KB = 1000 bytes; import = median of ${runs} fresh node_modules/.bin/node processes with NODE_OPTIONS=--enable-source-maps)`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    ...layerSummary(functions, layer),
  ];
  for (const r of results) {
    if (r.loadError) out.push(`LOAD ERROR ${r.name}: ${r.loadError}`);
    for (const problem of r.unexpectedStandInImports) out.push(`STAND-IN WARNING ${r.name}: ${problem} (see standIns in infra/constructs/bundling.ts)`);
  }
  out.push(
    failing.length === 0
      ? `ALL PASS: every function bundle ≤ ${limits.maxKb} KB and imports in ≤ ${limits.maxImportRatio}x the plain bare handler's time.`
      : `FAIL: ${failing.length} of ${functions.length} functions miss a target (${failing.map((r) => r.name).join(', ')}).`,
  );
  return out;
}

/**
 * The Powertools layer: its size (shared by every function, deployed once per stack) and what the
 * functions load of it — not in the KB column, but loaded on every cold start, and timed in import ms.
 */
function layerSummary(functions: readonly BundleFigures[], layer: PowertoolsLayerBuild | undefined): string[] {
  const lines: string[] = [];
  if (layer) {
    const code = layer.files.filter((file) => file.endsWith('.mjs'));
    lines.push(
      `Powertools layer ${layer.version}, shared by every function: ${(layer.bytes / bytesPerKb).toFixed(1)} KB ` +
        `(${code.length} minified ESM files: ${powertoolsEntryPoints.length} entry points + ${code.length - powertoolsEntryPoints.length} shared chunks; source maps not counted)`,
    );
  }
  const withLayer = functions.filter((r) => r.layer.bytes > 0);
  if (withLayer.length > 0) {
    const range = (values: readonly number[]) => {
      const [low, high] = [Math.min(...values), Math.max(...values)].map((v) => (v / bytesPerKb).toFixed(1));
      return low === high ? `${low} KB` : `${low}–${high} KB`;
    };
    const largest = withLayer.reduce((a, b) => (b.layer.bytes > a.layer.bytes ? b : a));
    lines.push(
      `+layer KB: the layer files a function loads (the entry points it imports and their chunks; ${bundlingSettings.external.join(', ')} external) — ` +
        `${range(withLayer.map((r) => r.layer.bytes))}, bundled from ${range(withLayer.map((r) => r.layer.sourceBytes))} of installed sources; ` +
        `import ms includes loading them. Largest (${largest.name}): ${largest.layer.contributors
          .slice(0, 6)
          .map((c) => `${c.name} ${kb(c.bytes)}`)
          .join(', ')}.`,
    );
  }
  return lines.length > 0 ? [...lines, ''] : [];
}

function runsFromArgv(argv: readonly string[]): number | undefined {
  const at = argv.indexOf('--runs');
  const value = at === -1 ? undefined : Number(argv[at + 1]);
  return value !== undefined && Number.isInteger(value) ? value : undefined;
}

export const bundlesBenchmark = {
  name: 'bundles',
  run: async (argv: readonly string[]) => {
    await runBundleBench({ runs: runsFromArgv(argv) });
  },
};

if (import.meta.main) {
  try {
    await bundlesBenchmark.run(process.argv.slice(2));
  } catch (error) {
    console.error('bundles benchmark could not run:', error);
  }
}
