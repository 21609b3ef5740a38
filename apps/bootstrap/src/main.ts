/**
 * Entry point of the bootstrap app: `npx tsx apps/bootstrap/src/main.ts` writes
 * `apps/bootstrap/cdktf.out/stacks/phi-bootstrap/cdk.tf.json` from `apps/bootstrap/bootstrap.json`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { deployTargetFromEnv } from '@phi-stack/aws-target';
import { StateBucketStack } from './state-bucket-stack';

/** Name of the bootstrap stack (and of its working directory under .terraform-work/). */
export const BOOTSTRAP_STACK_NAME = 'phi-bootstrap';

export function synthBootstrap(appDir: string): void {
  const configFile = path.join(appDir, 'bootstrap.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { region?: unknown; stateBucket?: unknown };
  if (typeof config.region !== 'string' || typeof config.stateBucket !== 'string') {
    throw new Error(`${configFile}: region and stateBucket must be strings (got ${JSON.stringify(config)}): e.g. { "region": "us-east-1", "stateBucket": "phi-stack-tfstate-123456789012" }`);
  }
  const app = new App({ outdir: path.join(appDir, 'cdktf.out') });
  new StateBucketStack(app, BOOTSTRAP_STACK_NAME, { region: config.region, stateBucketName: config.stateBucket, target: deployTargetFromEnv() });
  app.synth();
}

if (require.main === module) {
  try {
    synthBootstrap(path.resolve(__dirname, '..'));
  } catch (err) {
    process.stderr.write(`synth failed: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
