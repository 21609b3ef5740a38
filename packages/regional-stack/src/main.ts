/**
 * Entry point of every regional app: `tsx packages/regional-stack/src/main.ts apps/<region>`.
 * Reads `apps/<region>/region.json`, builds the regional stack and writes
 * `apps/<region>/cdktf.out/stacks/<stack>/cdk.tf.json`.
 */
import * as path from 'node:path';
import { App } from 'cdktf';
import { deployTargetFromEnv } from '@phi-stack/aws-target';
import { regionConfigErrorOf } from './config-errors';
import { loadRegionConfig, RegionConfigError } from './region-config';
import { RegionalStack, regionalStackName } from './regional-stack';

function main(appDir: string): void {
  const config = loadRegionConfig(appDir);
  const app = new App({ outdir: path.join(appDir, 'cdktf.out') });
  const stackName = regionalStackName(config);
  try {
    new RegionalStack(app, stackName, { config, target: deployTargetFromEnv() });
  } catch (err) {
    // A module's error about a prop that region.json feeds is reported as that field's error.
    throw regionConfigErrorOf(err, stackName, path.relative(process.cwd(), path.join(appDir, 'region.json'))) ?? err;
  }
  app.synth();
}

try {
  main(path.resolve(process.argv[2] ?? process.cwd()));
} catch (err) {
  const message = err instanceof RegionConfigError ? err.message : (err as Error).stack ?? String(err);
  process.stderr.write(`synth failed: ${message}\n`);
  process.exit(1);
}
