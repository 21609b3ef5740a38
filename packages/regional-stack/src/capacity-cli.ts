/**
 * `npx nx run app-<region>:capacity`: prints how the web tier, the read replicas and the cache
 * are sized from the `workload` block of `apps/<region>/region.json`, with every assumption and
 * its source, and exits 1 when region.json cannot carry the workload (each problem says why).
 *
 *   node packages/regional-stack/dist/capacity-cli.js apps/us-east-1
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderCapacityPlan } from './capacity';
import { loadRegionConfig, regionCapacity, RegionConfigError } from './region-config';

function main(appDir: string): number {
  const file = path.join(appDir, 'region.json');
  const display = path.relative(process.cwd(), file) || file;
  let config;
  try {
    config = loadRegionConfig(appDir);
  } catch (err) {
    if (!(err instanceof RegionConfigError)) throw err;
    // A config that fails only on capacity still gets its table: the problems explain the mismatch.
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    let plan;
    try {
      plan = regionCapacity(raw);
    } catch {
      plan = undefined;
    }
    if (plan) process.stdout.write(renderCapacityPlan(plan, `Capacity of ${display}`));
    process.stderr.write(`capacity: ${err.message}\n`);
    return 1;
  }
  if (!config.capacity) {
    process.stdout.write(`${display} has no workload block: the web bounds, replicas and cache node are the explicit fields. Add workload (see packages/regional-stack/README.md) to derive and check them.\n`);
    return 0;
  }
  process.stdout.write(
    renderCapacityPlan(config.capacity, `Capacity of ${display} (${config.region}, ${config.webInstanceType} at ${config.webCpuTargetPercent}% CPU, ${config.azCount} AZs, peaks in ${config.schedule.timeZone})`),
  );
  return 0;
}

process.exitCode = main(path.resolve(process.argv[2] ?? process.cwd()));
