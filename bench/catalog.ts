/**
 * Catalog benchmark (`npx tsx bench/catalog.ts [--products 50000] [--requests 200]`, or all
 * benchmarks with `npm run bench`): loads products into the local stack through the contract schema
 * and governance, then times catalog pages through the real local HTTP gateway at 5k and at the full
 * size, to show a filtered page does not grow with the catalog. Prints, never asserts. Figures and
 * their meaning: bench/README.md.
 *
 * Ingest calls the ingest use-case (`applyProductChanges`) in batches, several in parallel, rather
 * than one bus event per product: a bulk load in AWS arrives through a batch consumer calling the
 * same use-case (the bus delivers one event per invocation, one transaction per product, ~400/s on
 * DynamoDB Local). Every product is still parsed with the ProductUpserted schema, judged against its
 * template and written with its quarantine entry and counters in revision-guarded transactions.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { categoryUpserted, type CategoryUpsertedDetail } from '#events/category-upserted';
import { productUpserted, type ProductUpsertedDetail } from '#events/product-upserted';
import { dealerEntitlementsSet } from '#events/dealer-entitlements-set';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { UserRepository } from '#functions/data/user-repository';
import { applyCategoryUpsert, applyEntitlements, applyProductChanges, productChangeFromUpsert } from '#functions/use-cases/catalog-ingest';
import { EntitlementRepository } from '#functions/data/entitlement-repository';
import { startLocalStack, type LocalStack } from '#local/stack';
import { createPortalTable, deletePortalTable } from '#local/table';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const projectRoot = path.resolve(import.meta.dirname, '..');
const categoryCount = 20;
const materials = ['steel', 'stainless', 'brass', 'aluminium', 'nylon'];
const finishes = ['zinc plated', 'black oxide', 'galvanized', 'plain'];
const words = ['hex', 'socket', 'flange', 'carriage', 'anchor', 'coupler', 'elbow', 'bracket', 'clamp', 'hinge', 'spring', 'washer', 'pin', 'rivet', 'stud'];
const categoryId = (c: number) => `cat-${String(c).padStart(2, '0')}`;

function categories(): CategoryUpsertedDetail[] {
  return Array.from({ length: categoryCount }, (_, c) => ({
    schemaVersion: 1,
    revision: 1,
    occurredAt: '2026-11-30T08:00:00Z',
    category: {
      categoryId: categoryId(c),
      name: `Category ${c}`,
      allowedUnitsOfMeasure: ['EA', 'BX'],
      attributes: [
        { code: 'material', label: 'Material', type: 'enum', required: true, allowedValues: materials },
        { code: 'length', label: 'Length', type: 'number', required: true, unit: 'mm', min: 1, max: 1000 },
        { code: 'finish', label: 'Finish', type: 'string', required: false },
        { code: 'certified', label: 'Certified', type: 'boolean', required: false },
      ],
    },
  }));
}

/**
 * Product i: round-robin over the categories; attribute values and name words are drawn from a hash
 * of the product, so they are spread evenly and independently of the name order (a filter's
 * selectivity is the same everywhere in a category). 1 in 100 breaks its template (quarantined).
 */
export function product(i: number): ProductUpsertedDetail {
  const j = Math.floor(i / categoryCount);
  const h = Math.imul(i + 1, 2654435761) >>> 0;
  const broken = i % 100 === 99;
  const material = materials[h % 5]!;
  const length = 10 + ((h >>> 4) % 90);
  const name = `${words[(h >>> 12) % words.length]!} ${words[j % words.length]!} ${material} ${length}`;
  return {
    schemaVersion: 1,
    revision: 1,
    occurredAt: '2026-11-30T09:00:00Z',
    product: {
      sku: `B-${String(i).padStart(6, '0')}`,
      name,
      description: `Bench product ${i}: ${finishes[(h >>> 20) % 4]!} ${name}, box of ${[10, 50, 100][i % 3]!}.`,
      categoryId: categoryId(i % categoryCount),
      attributes: {
        material: broken ? 'unobtainium' : material,
        length: { value: length, unit: 'mm' },
        finish: finishes[(h >>> 20) % 4]!,
        certified: (h >>> 24) % 2 === 0,
      },
      unitOfMeasure: 'EA',
      packSize: [10, 50, 100][i % 3]!,
      minimumOrderQuantity: [10, 50, 100][i % 3]!,
      orderMultiple: [10, 50, 100][i % 3]!,
      lifecycle: 'active',
      imageUrls: [`https://cdn.example.test/img/${i}.jpg`],
      documents: [],
    },
  };
}

/** Loads products [from, to) with `parallel` batches of `batchSize` in flight; returns products/s. */
async function ingest(catalog: CatalogRepository, from: number, to: number, options: { batchSize: number; parallel: number }): Promise<{ rate: number; seconds: number }> {
  const started = performance.now();
  let next = from;
  const worker = async () => {
    while (next < to) {
      const start = next;
      next = Math.min(to, next + options.batchSize);
      const changes = [];
      for (let i = start; i < next; i++) changes.push(productChangeFromUpsert(productUpserted.detail.parse(product(i))));
      await applyProductChanges(changes, { taxonomy: catalog, products: catalog });
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { rate: (to - from) / seconds, seconds };
}

/**
 * The bench catalog (20 categories, products 0…count−1, SKUs `product(i).product.sku`) loaded into a
 * table, for benchmarks that need real products behind their SKUs (bench/atp.ts).
 */
export async function loadBenchCatalog(catalog: CatalogRepository, count: number): Promise<{ rate: number; seconds: number }> {
  for (const detail of categories()) await applyCategoryUpsert(categoryUpserted.detail.parse(detail), { taxonomy: catalog, products: catalog });
  return ingest(catalog, 0, count, { batchSize: 1000, parallel: 3 });
}

interface Scenario {
  readonly name: string;
  readonly token: string;
  /** Query string for request n (varied so that caches and a single hot partition do not flatter). */
  readonly query: (n: number) => string;
  /** Follow the cursor this many pages deep (1: first page only). */
  readonly pages: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

/** Times `requests` sequential page requests through the gateway (after `warmUp` unmeasured ones); p50/p99 in ms. */
async function time(stack: LocalStack, scenario: Scenario, requests: number, warmUp: number) {
  const latencies: number[] = [];
  let items = 0;
  for (let n = -warmUp; n < requests; n++) {
    let cursor: string | null = null;
    for (let page = 0; page < scenario.pages && n < requests; page++) {
      const url = `${stack.apiUrl}/catalog/products?${scenario.query(n)}${cursor ? `&cursor=${cursor}` : ''}`;
      const t0 = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${scenario.token}` } });
      const body = (await response.json()) as { items?: unknown[]; nextCursor?: string | null };
      const ms = performance.now() - t0;
      if (response.status !== 200) throw new Error(`${scenario.name}: ${response.status} ${JSON.stringify(body)}`);
      if (n >= 0) {
        latencies.push(ms);
        items += body.items?.length ?? 0;
        if (page > 0) n++;
      }
      cursor = body.nextCursor ?? null;
      if (!cursor) break;
    }
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), itemsPerPage: items / latencies.length, requests: latencies.length };
}

export async function runCatalogBench(options: { products: number; requests: number }) {
  const stack = await startLocalStack({ logLevel: 'ERROR', apiPort: 0, awsPort: 0 });
  try {
    const catalog = new CatalogRepository(stack.documentClient, stack.tableName);
    const users = new UserRepository(stack.documentClient, stack.tableName);
    await users.put({ userId: 'u-bench-a', dealerId: 'D-BENCH-A', email: 'a@bench.test', name: 'A', roles: ['buyer'], status: 'active' });
    await users.put({ userId: 'u-bench-r', dealerId: 'D-BENCH-R', email: 'r@bench.test', name: 'R', roles: ['buyer'], status: 'active' });
    await users.put({ userId: 'u-bench-staff', email: 's@bench.test', name: 'S', roles: ['sales-ops'], status: 'active' });
    await applyEntitlements(
      dealerEntitlementsSet.detail.parse({
        schemaVersion: 1,
        revision: 1,
        occurredAt: '2026-11-30T09:00:00Z',
        dealerId: 'D-BENCH-R',
        entitlement: { kind: 'restricted', categoryIds: [categoryId(1), categoryId(2), categoryId(3), categoryId(4)], skus: Array.from({ length: 50 }, (_, k) => product(k * 20).product.sku) },
      }),
      { entitlements: new EntitlementRepository(stack.documentClient, stack.tableName) },
    );
    for (const detail of categories()) await applyCategoryUpsert(categoryUpserted.detail.parse(detail), { taxonomy: catalog, products: catalog });

    // DynamoDB Local is a JVM: its first thousands of writes run interpreted. Warm it up on a scratch
    // table with the same write path, so the measured load is the steady state (no JVM in AWS).
    const scratchTable = `${stack.tableName}-warmup`;
    const admin = new DynamoDBClient({ endpoint: stack.dynamoEndpoint });
    await createPortalTable(admin, scratchTable);
    const scratch = new CatalogRepository(stack.documentClient, scratchTable);
    for (const detail of categories()) await applyCategoryUpsert(categoryUpserted.detail.parse(detail), { taxonomy: scratch, products: scratch });
    const warm = await ingest(scratch, 0, Math.min(5000, options.products), { batchSize: 1000, parallel: 3 });
    console.log(`warm-up: ${Math.min(5000, options.products)} products on a scratch table at ${Math.round(warm.rate)} products/s (not counted)`);
    await deletePortalTable(admin, scratchTable);
    admin.destroy();

    const dealer = await stack.tokens.mint({ sub: 'u-bench-a', email: 'a@bench.test', groups: ['buyer'], dealerId: 'D-BENCH-A' });
    const restricted = await stack.tokens.mint({ sub: 'u-bench-r', email: 'r@bench.test', groups: ['buyer'], dealerId: 'D-BENCH-R' });
    const scenarios: Scenario[] = [
      { name: 'category + attribute filter (1 in 5), by name: the filtered page', token: dealer, pages: 1, query: (n) => `category=${categoryId(n % categoryCount)}&attr.material=${materials[n % 5]!}&limit=50` },
      { name: 'same, following the cursor to page 3', token: dealer, pages: 3, query: (n) => `category=${categoryId(n % categoryCount)}&attr.material=${materials[(n + 1) % 5]!}&limit=50` },
      { name: 'category only, by SKU', token: dealer, pages: 1, query: (n) => `category=${categoryId(n % categoryCount)}&sort=sku&limit=50` },
      { name: 'category + one word (q, ~1 in 8)', token: dealer, pages: 1, query: (n) => `category=${categoryId(n % categoryCount)}&q=${words[n % words.length]!}&limit=50` },
      { name: 'category + selective filter (1 in 90): where it stops', token: dealer, pages: 1, query: (n) => `category=${categoryId(n % categoryCount)}&attr.length=${10 + (n % 90)}&limit=50` },
      { name: `whole catalog, by name (merge of ${categoryCount} partitions)`, token: dealer, pages: 1, query: (n) => `limit=50${n % 2 ? '' : '&sort=sku'}` },
      { name: 'restricted dealer: 4 categories + 50 SKUs, attribute filter', token: restricted, pages: 1, query: (n) => `attr.certified=${n % 2 ? 'true' : 'false'}&limit=50` },
    ];

    const results: { size: number; ingest: { rate: number; seconds: number }; pages: { name: string; p50: number; p99: number; itemsPerPage: number; requests: number }[] }[] = [];
    const sizes = [...new Set([Math.min(5000, options.products), options.products])];
    let loaded = 0;
    for (const size of sizes) {
      const load = await ingest(catalog, loaded, size, { batchSize: 1000, parallel: 3 });
      loaded = size;
      console.log(`loaded ${size} products (${(size - (results.at(-1)?.size ?? 0)).toLocaleString()} in ${load.seconds.toFixed(1)} s: ${Math.round(load.rate)} products/s)`);
      const pages = [];
      // The first size also warms up DynamoDB Local's JVM, so it gets a longer unmeasured run.
      const warmUp = results.length === 0 ? 100 : 20;
      for (const scenario of scenarios) pages.push({ name: scenario.name, ...(await time(stack, scenario, options.requests, warmUp)) });
      results.push({ size, ingest: load, pages });
    }

    const totalIngest = results.reduce((s, r) => s + r.ingest.seconds, 0);
    console.log(`\ningest: ${options.products.toLocaleString()} products through schema, governance and transactions in ${totalIngest.toFixed(1)} s = ${Math.round(options.products / totalIngest)} products/s (target ≥ 2000/s)`);
    console.log(`pages of 50 through the local gateway, ${options.requests} sequential requests each (p99 target < 50 ms):\n`);
    const header = ['scenario', ...results.flatMap((r) => [`p50 @${r.size / 1000}k`, `p99 @${r.size / 1000}k`]), 'items/page'];
    const rows = scenarios.map((s, i) => [s.name, ...results.flatMap((r) => [r.pages[i]!.p50.toFixed(1), r.pages[i]!.p99.toFixed(1)]), results.at(-1)!.pages[i]!.itemsPerPage.toFixed(1)]);
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(line(row));

    const out = path.join(projectRoot, 'bench', 'results');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'catalog.json'), `${JSON.stringify({ products: options.products, results }, null, 2)}\n`);
  } finally {
    await stack.stop();
  }
}

function optionsFrom(argv: readonly string[]) {
  const { values } = parseArgs({ args: [...argv], strict: false, options: { products: { type: 'string' }, requests: { type: 'string' } } });
  const products = Number(values.products ?? 50_000);
  const requests = Number(values.requests ?? 200);
  return { products: Number.isInteger(products) && products > 0 ? products : 50_000, requests: Number.isInteger(requests) && requests > 0 ? requests : 200 };
}

export const catalogBenchmark = {
  name: 'catalog',
  run: async (argv: readonly string[]) => {
    await runCatalogBench(optionsFrom(argv));
  },
};

if (import.meta.main) {
  try {
    await catalogBenchmark.run(process.argv.slice(2));
  } catch (error) {
    console.error('catalog benchmark could not run:', error);
  }
}
