import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

/**
 * Adding a region is copying an app folder and editing its region.json: nothing else names the
 * regions. The Nx projects and their targets come from tools/nx-plugins/region-apps.js (loaded by
 * path: it is the workspace's plugin, not a library), the workflows take their matrix from
 * `nx show projects` (tools/plan-review/test/workflows.test.ts checks that none names a region).
 */
describe('a new region from a copied folder', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'new-region-'));
  const appDir = path.join(root, 'apps', 'ap-southeast-2');
  fs.mkdirSync(appDir, { recursive: true });
  for (const file of fs.readdirSync(path.join(REPO, 'apps/eu-west-1')).filter((f) => f.endsWith('.json'))) {
    fs.copyFileSync(path.join(REPO, 'apps/eu-west-1', file), path.join(appDir, file));
  }
  // The edits a platform engineer makes: the region, its certificate, its bucket prefix and clock.
  const config = JSON.parse(fs.readFileSync(path.join(appDir, 'region.json'), 'utf8')) as Record<string, unknown> & { schedule: Record<string, unknown> };
  Object.assign(config, {
    region: 'ap-southeast-2',
    cidrBlock: '10.30.0.0/16',
    domainName: 'au.app.example-health.com',
    albCertificateArn: String(config.albCertificateArn).replace(':eu-west-1:', ':ap-southeast-2:'),
    imagesBucketPrefix: 'phi-stack-images-apse2',
  });
  config.schedule.timeZone = 'Australia/Sydney';
  fs.writeFileSync(path.join(appDir, 'region.json'), JSON.stringify(config, null, 2));

  it('is an Nx project with every target of the other regions, pointed at its own folder', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const plugin = require(path.join(REPO, 'tools/nx-plugins/region-apps.js')) as { createNodesV2: [string, (files: string[]) => [string, { projects: Record<string, { name: string; tags: string[]; targets: Record<string, { command: string }> }> }][]] };
    const [glob, createNodes] = plugin.createNodesV2;
    expect(glob).toBe('apps/*/region.json');
    const nodes = createNodes(['apps/eu-west-1/region.json', 'apps/ap-southeast-2/region.json']);
    const [euw1, apse2] = nodes.map(([, result]) => Object.values(result.projects)[0]);
    expect(apse2.name).toBe('app-ap-southeast-2');
    expect(apse2.tags).toEqual(['type:app', 'region:ap-southeast-2']);
    expect(Object.keys(apse2.targets)).toEqual(Object.keys(euw1.targets));
    for (const target of ['synth', 'validate', 'plan', 'deploy', 'destroy']) {
      expect(apse2.targets[target].command).toBe(euw1.targets[target].command.replaceAll('eu-west-1', 'ap-southeast-2'));
    }
  });

  it('synthesizes through the app entry point into its own stack, in its own zones', () => {
    execFileSync(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(__dirname, '../src/main.ts'), appDir], { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, PHI_STACK_TARGET: 'local' } });
    const file = path.join(appDir, 'cdktf.out/stacks/phi-ap-southeast-2/cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { provider: { aws: { region?: string; alias?: string }[] }; resource: Record<string, Record<string, { availability_zone?: string }>> };
    expect(json.provider.aws.filter((p) => !p.alias).map((p) => p.region)).toEqual(['ap-southeast-2']);
    const zones = new Set(Object.values(json.resource.aws_subnet).map((s) => s.availability_zone));
    expect([...zones].sort()).toEqual(['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c']);
  }, 60_000);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
});
