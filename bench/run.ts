/**
 * Runs every benchmark in bench/ (`npm run bench`; arguments are passed to each, e.g.
 * `npm run bench -- --runs 15`, `npm run bench -- --products 5000`). Benchmarks print their figures and never fail the process.
 */
import { bundlesBenchmark } from './bundles.ts';
import { catalogBenchmark } from './catalog.ts';
import { atpBenchmark } from './atp.ts';
import { pricingBenchmark } from './pricing.ts';

const benchmarks = [bundlesBenchmark, catalogBenchmark, pricingBenchmark, atpBenchmark];

for (const benchmark of benchmarks) {
  console.log(`\n== ${benchmark.name} ==`);
  try {
    await benchmark.run(process.argv.slice(2));
  } catch (error) {
    console.error(`benchmark ${benchmark.name} could not run:`, error);
  }
}
