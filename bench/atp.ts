/**
 * ATP benchmark (`npx tsx bench/atp.ts [--skus 50000] [--requests 200]`, or all benchmarks with
 * `npm run bench`). On the local stack (DynamoDB Local): ingest of one warehouse snapshot of 50,000
 * SKUs in 1,000-row chunks through the contract schema and the consumer's use-case (several chunks in
 * parallel, as Lambda runs several consumer instances); `GET /availability` p50/p99 for 1 and 100 SKUs
 * through the real gateway next to the bare DynamoDB reads the answer needs (its data floor); DynamoDB
 * requests per call; reservation throughput under contention on one stock row and oversell in a
 * 200-way race. Prints, never asserts. Figures: bench/README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { availableToPromise } from '#domain/atp';
import { dealerUpserted } from '#events/dealer-upserted';
import { warehouseStockSnapshotChunk, type WarehouseStockSnapshotChunkDetail } from '#events/warehouse-stock-snapshot';
import { AvailabilityContextRepository } from '#functions/data/availability-context-repository';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { StockRepository } from '#functions/data/stock-repository';
import { UserRepository } from '#functions/data/user-repository';
import { readAvailability } from '#functions/use-cases/availability';
import { applyDealerUpsert } from '#functions/use-cases/dealer-master';
import { DealerRepository } from '#functions/data/dealer-repository';
import { applySnapshotChunk } from '#functions/use-cases/inventory-ingest';
import { startLocalStack, type LocalStack } from '#local/stack';
import { createPortalTable, deletePortalTable } from '#local/table';

const projectRoot = path.resolve(import.meta.dirname, '..');
const sku = (i: number) => `ATP-${String(i).padStart(6, '0')}`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

function chunks(warehouseId: string, count: number, version: number): WarehouseStockSnapshotChunkDetail[] {
  const of = Math.ceil(count / 1000);
  return Array.from({ length: of }, (_, c) => ({
    schemaVersion: 1,
    snapshotId: `BENCH-${warehouseId}-${version}`,
    warehouseId,
    version,
    asOf: new Date().toISOString(),
    chunk: c + 1,
    chunks: of,
    rows: Array.from({ length: Math.min(1000, count - c * 1000) }, (_, r) => {
      const i = c * 1000 + r;
      return { sku: sku(i), onHand: (i * 7919) % 500, safetyStock: i % 5 };
    }),
  }));
}

/** Parses every chunk with the contract and applies it with the consumer's use-case, `parallel` chunks at once. */
async function ingest(stock: StockRepository, details: WarehouseStockSnapshotChunkDetail[], parallel: number) {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < details.length; i = next++) await applySnapshotChunk(warehouseStockSnapshotChunk.detail.parse(details[i]), { stock });
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const seconds = (performance.now() - started) / 1000;
  const rows = details.reduce((n, d) => n + d.rows.length, 0);
  return { rows, seconds, rate: rows / seconds };
}

async function timeIt(runs: number, warmUp: number, fn: (n: number) => Promise<void>) {
  const latencies: number[] = [];
  for (let n = -warmUp; n < runs; n++) {
    const t0 = performance.now();
    await fn(n);
    if (n >= 0) latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function runAtpBench(options: { skus: number; requests: number }) {
  const stack: LocalStack = await startLocalStack({ logLevel: 'ERROR', apiPort: 0, awsPort: 0 });
  try {
    const client = stack.documentClient;
    const stock = new StockRepository(client, stack.tableName);
    await applyDealerUpsert(
      dealerUpserted.detail.parse({
        schemaVersion: 1,
        revision: 1,
        occurredAt: '2026-11-30T09:00:00Z',
        dealer: {
          dealerId: 'D-BENCH',
          name: 'Bench',
          tier: 'silver',
          currency: 'USD',
          paymentTerms: 'NET30',
          creditLimitMinor: 1,
          status: 'active',
          shipTos: [{ shipToId: 'B-1', name: 'Bench', address: { line1: '1 St', city: 'X', postalCode: '1', country: 'US' }, preferredWarehouseId: 'WH-EAST' }],
        },
      }),
      { dealers: new DealerRepository(client, stack.tableName) },
    );
    const user = { userId: 'u-bench', dealerId: 'D-BENCH', email: 'b@bench.test', name: 'B', roles: ['buyer' as const], status: 'active' as const };
    await new UserRepository(client, stack.tableName).put(user);

    // Warm DynamoDB Local's JVM on a scratch table with the same write path (not counted).
    const scratchTable = `${stack.tableName}-warmup`;
    const admin = new DynamoDBClient({ endpoint: stack.dynamoEndpoint });
    await createPortalTable(admin, scratchTable);
    const warm = await ingest(new StockRepository(client, scratchTable), chunks('WH-EAST', 5000, 1), 4);
    console.log(`warm-up: ${warm.rows} rows on a scratch table at ${Math.round(warm.rate)} rows/s (not counted)`);
    await deletePortalTable(admin, scratchTable);
    admin.destroy();

    const load = await ingest(stock, chunks('WH-EAST', options.skus, 2), 8);
    console.log(`snapshot ingest: ${load.rows.toLocaleString()} rows in ${load.seconds.toFixed(1)} s = ${Math.round(load.rate)} rows/s (target ≥ 5,000)`);
    await ingest(stock, chunks('WH-WEST', Math.min(options.skus, 10_000), 2), 4);

    const token = await stack.tokens.mint({ sub: user.userId, email: user.email, groups: ['buyer'], dealerId: 'D-BENCH' });
    const skuList = (n: number, size: number) => Array.from({ length: size }, (_, k) => sku((n * 131 + k * 97) % options.skus));
    const context = new AvailabilityContextRepository(client, stack.tableName);
    const rows: { skus: number; apiP50: number; apiP99: number; floorP50: number; floorP99: number; ratioP50: number; requests: number }[] = [];
    for (const size of [1, 100]) {
      const api = await timeIt(options.requests, 50, async (n) => {
        const response = await fetch(`${stack.apiUrl}/availability?shipToId=B-1&skus=${skuList(n, size).join(',')}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await response.json()) as { items?: unknown[] };
        if (response.status !== 200 || body.items?.length !== size) throw new Error(`availability: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      });
      // The data floor: the same reads the answer needs, issued directly (context Query ∥ stock BatchGet).
      const floor = await timeIt(options.requests, 50, async (n) => {
        await Promise.all([context.get('D-BENCH'), stock.get(skuList(n, size))]);
      });
      let requests = 0;
      const counting = { send: (command: Parameters<DynamoDBDocumentClient['send']>[0]) => ((requests += 1), client.send(command)) } as unknown as DynamoDBDocumentClient;
      const catalog = new CatalogRepository(counting, stack.tableName);
      await readAvailability({ kind: 'dealer', dealerId: 'D-BENCH', userId: user.userId, roles: ['buyer'] }, user, { shipToId: 'B-1', skus: skuList(1, size) }, {
        context: new AvailabilityContextRepository(counting, stack.tableName),
        stock: new StockRepository(counting, stack.tableName),
        products: catalog,
        taxonomy: catalog,
        freshness: { defaultSeconds: 3600, byWarehouse: {} },
        now: () => new Date(),
      });
      rows.push({ skus: size, apiP50: api.p50, apiP99: api.p99, floorP50: floor.p50, floorP99: floor.p99, ratioP50: api.p50 / floor.p50, requests });
    }
    console.log('\nGET /availability through the local gateway vs the bare DynamoDB reads (ms):');
    for (const r of rows) {
      console.log(
        `  ${String(r.skus).padStart(3)} SKUs: API p50 ${r.apiP50.toFixed(1)} p99 ${r.apiP99.toFixed(1)} | floor p50 ${r.floorP50.toFixed(1)} p99 ${r.floorP99.toFixed(1)} | ratio p50 ${r.ratioP50.toFixed(2)}x | DynamoDB requests per call ${r.requests} (limit ${Math.ceil(r.skus / 100) + 1})`,
      );
    }

    // Contention: 200 concurrent single-unit reservations on one stock row holding 150.
    const race = async (name: string, available: number, contenders: number) => {
      await stock.putLevel('WH-EAST', name, { onHand: available, safetyStock: 0, version: 1, asOf: new Date().toISOString() });
      const t0 = performance.now();
      const outcomes = await Promise.all(Array.from({ length: contenders }, (_, i) => stock.reserve(`${name}-o${i}`, [{ sku: name, warehouseId: 'WH-EAST', quantity: 1 }], new Date().toISOString())));
      const seconds = (performance.now() - t0) / 1000;
      const row = (await stock.get([name])).get(name)!.warehouses[0]!;
      const reserved = outcomes.filter((o) => o.outcome === 'reserved').length;
      return { contenders, available, reserved, oversold: Math.max(0, row.reserved - available), atpAfter: availableToPromise(row), seconds, perSecond: contenders / seconds };
    };
    const contention = await race('RACE-150', 150, 200);
    const oversell = await race('RACE-10', 10, 200);
    console.log(
      `\nreservations: 200 concurrent on one row of 150: ${contention.reserved} reserved in ${contention.seconds.toFixed(2)} s = ${Math.round(contention.perSecond)} decisions/s; ` +
        `200-way race for 10: ${oversell.reserved} reserved, oversold ${oversell.oversold}, ATP after ${oversell.atpAfter}`,
    );

    const out = path.join(projectRoot, 'bench', 'results');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'atp.json'), `${JSON.stringify({ skus: options.skus, ingest: load, reads: rows, contention, oversell }, null, 2)}\n`);
  } finally {
    await stack.stop();
  }
}

function optionsFrom(argv: readonly string[]) {
  const { values } = parseArgs({ args: [...argv], strict: false, options: { skus: { type: 'string' }, requests: { type: 'string' } } });
  const skus = Number(values.skus ?? 50_000);
  const requests = Number(values.requests ?? 200);
  return { skus: Number.isInteger(skus) && skus > 0 ? skus : 50_000, requests: Number.isInteger(requests) && requests > 0 ? requests : 200 };
}

export const atpBenchmark = {
  name: 'atp',
  run: async (argv: readonly string[]) => {
    await runAtpBench(optionsFrom(argv));
  },
};

if (import.meta.main) {
  try {
    await atpBenchmark.run(process.argv.slice(2));
  } catch (error) {
    console.error('atp benchmark could not run:', error);
  }
}
