import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { LEFTOVER_PROBES, leftovers, stateResources, unprobedTypes } from '../src';

const REPO = path.resolve(__dirname, '../../..');

/**
 * The stacks the integration suites apply: every module example and both regional apps. Loaded by
 * path, not imported: the suites import this harness, and a static import back would make a cycle
 * in the project graph. The `test` target lists these folders among its inputs instead.
 */
function suiteStacks(): { name: string; types: string[] }[] {
  const stacks: { name: string; types: string[] }[] = [];
  const typesOf = (stack: TerraformStack): string[] => Object.keys((JSON.parse(Testing.synth(stack)) as { resource?: object }).resource ?? {});
  for (const pkg of fs.readdirSync(path.join(REPO, 'packages'))) {
    const dir = path.join(REPO, 'packages', pkg, 'examples');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const mod = require(path.join(dir, file)) as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-require-imports
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== 'function' || !name.endsWith('Example')) continue;
        const Example = value as new (scope: App, id: string) => TerraformStack;
        stacks.push({ name: `${pkg}/${name}`, types: typesOf(new Example(Testing.app(), name)) });
      }
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const regional = require(path.join(REPO, 'packages/regional-stack/src')) as {
    loadRegionConfig(dir: string): { region: string };
    regionalStackName(config: unknown): string;
    RegionalStack: new (app: App, name: string, props: { config: unknown; target: 'local' }) => TerraformStack;
  };
  for (const app of fs.readdirSync(path.join(REPO, 'apps')).filter((a) => fs.existsSync(path.join(REPO, 'apps', a, 'region.json')))) {
    const config = regional.loadRegionConfig(path.join(REPO, 'apps', app));
    const stack = new regional.RegionalStack(new App({ skipValidation: true }), regional.regionalStackName(config), { config, target: 'local' });
    stacks.push({ name: `apps/${app}`, types: typesOf(stack) });
  }
  return stacks;
}

async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('leftover probes', () => {
  it('know every resource type of every stack an integration suite applies', () => {
    const stacks = suiteStacks();
    expect(stacks.map((s) => s.name)).toEqual(expect.arrayContaining(['rds-mysql-ha/RdsMysqlHaExample', 'apps/us-east-1', 'apps/eu-west-1']));
    expect(stacks.length).toBeGreaterThanOrEqual(7);
    expect(Object.fromEntries(stacks.map((s) => [s.name, unprobedTypes(s.types)]))).toEqual(Object.fromEntries(stacks.map((s) => [s.name, []])));
  });

  it('cover a type only through a type that has a probe of its own', () => {
    expect(unprobedTypes(Object.keys(LEFTOVER_PROBES))).toEqual([]);
    expect(unprobedTypes(['aws_made_up'])).toEqual(['aws_made_up']);
  });

  it('read the managed instances of a state, with module and index in the address', () => {
    const state = {
      resources: [
        { mode: 'data', type: 'aws_region', name: 'r', instances: [{ attributes: { name: 'us-east-1' } }] },
        { mode: 'managed', type: 'aws_vpc', name: 'main', instances: [{ attributes: { id: 'vpc-1' } }] },
        { mode: 'managed', module: 'module.net', type: 'aws_subnet', name: 'a', instances: [{ index_key: 0, attributes: { id: 'subnet-1' } }, { index_key: 'b', attributes: { id: 'subnet-2' } }] },
      ],
    };
    expect(stateResources(state)).toEqual([
      { address: 'aws_vpc.main', type: 'aws_vpc', attributes: { id: 'vpc-1' } },
      { address: 'module.net.aws_subnet.a[0]', type: 'aws_subnet', attributes: { id: 'subnet-1' } },
      { address: 'module.net.aws_subnet.a["b"]', type: 'aws_subnet', attributes: { id: 'subnet-2' } },
    ]);
    expect(stateResources({})).toEqual([]);
  });

  const config = async () => ({ endpoint: `http://127.0.0.1:${await deadPort()}`, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true, maxAttempts: 1 });

  it('refuse a state with a type they do not know, naming it and where to add it', async () => {
    await expect(leftovers([{ address: 'aws_made_up.x', type: 'aws_made_up', attributes: {} }], await config())).rejects.toThrow(
      'no leftover probe for aws_made_up: add one to LEFTOVER_PROBES in tools/emulator/src/leftovers.ts',
    );
  });

  it('fail, not pass, when the API cannot be asked', async () => {
    await expect(leftovers([{ address: 'aws_vpc.main', type: 'aws_vpc', attributes: { id: 'vpc-1' } }], await config())).rejects.toThrow(/ECONNREFUSED|connect/);
  });

  it('do not call the API for a covered type', async () => {
    expect(await leftovers([{ address: 'aws_route.r', type: 'aws_route', attributes: { id: 'r-1' } }], await config())).toEqual([]);
  });
});
