import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CPU_TARGET_PERCENT } from '@phi-stack/alb-asg';
import { MAX_ALLOCATED_STORAGE_GIB, READ_REPLICA_COUNT } from '@phi-stack/rds-mysql-ha';
import { App } from 'cdktf';
import { RegionalStack, RegionConfig, RegionConfigError, regionConfigErrorOf, regionConfigJsonSchemaText, REGION_FIELD_LIMITS, REGION_SCHEMA_FILE, validateRegionConfig } from '../src';

const REPO = path.resolve(__dirname, '../../..');
const usEast1 = JSON.parse(fs.readFileSync(path.join(REPO, 'apps/us-east-1/region.json'), 'utf8')) as RegionConfig;
const FILE = 'apps/us-east-1/region.json';
/** Explicit bounds instead of the workload derivation, whose sizing depends on the CPU target. */
const EXPLICIT = { workload: undefined, webMinCapacity: 3, webMaxCapacity: 9, webDesiredCapacity: 3, dbReadReplicaCount: 1, cacheNodeType: 'cache.r7g.large' };

function problems(overrides: Record<string, unknown>): string[] {
  try {
    validateRegionConfig({ ...usEast1, ...overrides }, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(RegionConfigError);
    return [...(err as RegionConfigError).problems];
  }
  return [];
}

/** What the synth reports for a config that region-config accepts: the module's error, mapped. */
function synthError(overrides: Record<string, unknown>): Error {
  const config = validateRegionConfig({ ...usEast1, ...overrides }, FILE);
  try {
    new RegionalStack(new App({ skipValidation: true }), 'phi-us-east-1', { config, target: 'local' });
  } catch (err) {
    return regionConfigErrorOf(err, 'phi-us-east-1', FILE) ?? (err as Error);
  }
  throw new Error('the stack was built');
}

describe('region.json ranges are the modules\' ranges', () => {
  it('takes each integer range from the module that the field feeds', () => {
    expect(REGION_FIELD_LIMITS.webCpuTargetPercent).toBe(CPU_TARGET_PERCENT);
    expect(REGION_FIELD_LIMITS.dbReadReplicaCount).toBe(READ_REPLICA_COUNT);
    expect(REGION_FIELD_LIMITS.dbMaxAllocatedStorageGiB).toBe(MAX_ALLOCATED_STORAGE_GIB);
  });

  // Bug: region-config said 20-90 and alb-asg 10-90, so 15 failed a config the construct accepts.
  it('accepts a CPU target the web tier accepts and refuses one it refuses, in the same words', () => {
    expect(problems({ ...EXPLICIT, webCpuTargetPercent: CPU_TARGET_PERCENT.min + 5 })).toEqual([]);
    expect(problems({ ...EXPLICIT, webCpuTargetPercent: CPU_TARGET_PERCENT.min - 1 })).toEqual([
      `webCpuTargetPercent must be an integer between 10 and 90 (got 9): ${CPU_TARGET_PERCENT.why}`,
    ]);
  });

  // Bug: dbMaxAllocatedStorageGiB equal to dbAllocatedStorageGiB passed region-config and threw in
  // rds-mysql-ha, naming the construct prop.
  it('refuses a storage maximum equal to the allocation in region.json terms', () => {
    expect(problems({ dbAllocatedStorageGiB: 200, dbMaxAllocatedStorageGiB: 200 })).toEqual([
      'dbMaxAllocatedStorageGiB must exceed dbAllocatedStorageGiB (got 200 <= 200): storage autoscaling needs room to grow',
    ]);
    expect(problems({ dbAllocatedStorageGiB: 200, dbMaxAllocatedStorageGiB: 201 })).toEqual([]);
  });
});

describe('a module error raised from region.json', () => {
  it('names the region.json field and file, then the construct and its words', () => {
    // region-config cannot know every rule of the web tier: a standard-credit t3 above its baseline.
    const err = synthError({ ...EXPLICIT, webCpuCredits: 'standard', webCpuTargetPercent: 80 });
    expect(err).toBeInstanceOf(RegionConfigError);
    expect(err.message).toMatch(/^apps\/us-east-1\/region\.json: invalid region config:\n {2}- webCpuTargetPercent: cpuTargetPercent 80 is above the 20% baseline of t3\.medium/);
    expect(err.message).toContain(`(raised by phi-us-east-1/web, whose cpuTargetPercent is webCpuTargetPercent of ${FILE})`);
  });

  it('leaves errors that are not about a region.json field alone', () => {
    const other = new Error('phi-us-east-1/web: appSecretArns must be ARNs');
    expect(regionConfigErrorOf(other, 'phi-us-east-1', FILE)).toBeUndefined();
    expect(regionConfigErrorOf(new Error('something else: instanceType'), 'phi-us-east-1', FILE)).toBeUndefined();
  });

  it('reaches the synth command: the app fails naming the field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'region-map-'));
    const app = path.join(dir, 'us-east-1');
    fs.mkdirSync(app);
    const config = { ...usEast1, ...EXPLICIT, webCpuCredits: 'standard', webCpuTargetPercent: 80 };
    fs.writeFileSync(path.join(app, 'region.json'), JSON.stringify(config));
    let stderr = '';
    try {
      execFileSync(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO, 'packages/regional-stack/src/main.ts'), app], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      stderr = String((err as { stderr: string }).stderr);
    }
    expect(stderr).toMatch(/^synth failed: us-east-1\/region\.json: invalid region config:\n {2}- webCpuTargetPercent: cpuTargetPercent 80 is above/);
  });
});

// The subset of JSON Schema that regionConfigJsonSchema writes, checked the way an editor would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function schemaProblems(schema: any, value: Record<string, unknown>): string[] {
  const out: string[] = [];
  const required = [...schema.required, ...(value.workload === undefined ? schema.then.required : [])];
  for (const key of required) if (!(key in value)) out.push(`${key} is required`);
  for (const [key, v] of Object.entries(value)) {
    const p = schema.properties[key];
    if (!p) {
      out.push(`${key} is not allowed`);
      continue;
    }
    if (p.type === 'integer' && !Number.isInteger(v)) out.push(`${key} is not an integer`);
    if (p.type === 'string' && (typeof v !== 'string' || v.length < (p.minLength ?? 0))) out.push(`${key} is not a string`);
    if (p.type === 'object' && (typeof v !== 'object' || v === null)) out.push(`${key} is not an object`);
    if (p.minimum !== undefined && (v as number) < p.minimum) out.push(`${key} is below ${p.minimum}`);
    if (p.maximum !== undefined && (v as number) > p.maximum) out.push(`${key} is above ${p.maximum}`);
    if (p.enum && !p.enum.includes(v)) out.push(`${key} is not one of ${p.enum.join(', ')}`);
  }
  return out;
}

describe('region.schema.json', () => {
  const checkedIn = fs.readFileSync(path.join(REPO, REGION_SCHEMA_FILE), 'utf8');
  const schema = JSON.parse(checkedIn);

  it('is the one generated from the field table and the modules\' limits', () => {
    // Stale? Run: npx tsx packages/regional-stack/src/region-schema.ts --write
    expect(checkedIn).toBe(regionConfigJsonSchemaText());
    expect(schema.properties.webCpuTargetPercent).toMatchObject({ minimum: CPU_TARGET_PERCENT.min, maximum: CPU_TARGET_PERCENT.max });
    expect(schema.properties.dbReadReplicaCount).toMatchObject({ minimum: 0, maximum: 15 });
  });

  it('accepts every shipped region.json, which names it, and flags what the synth refuses', () => {
    const apps = fs.readdirSync(path.join(REPO, 'apps')).filter((a) => fs.existsSync(path.join(REPO, 'apps', a, 'region.json')));
    expect(apps.length).toBeGreaterThanOrEqual(2);
    for (const app of apps) {
      const config = JSON.parse(fs.readFileSync(path.join(REPO, 'apps', app, 'region.json'), 'utf8'));
      expect(config.$schema).toBe('../../packages/regional-stack/region.schema.json');
      expect(schemaProblems(schema, config)).toEqual([]);
    }
    const bad = { ...usEast1, webCpuTargetPercent: 95, natGateways: 'none', dbReadReplicaCount: 16, vpcCdir: '10.0.0.0/16' };
    expect(schemaProblems(schema, bad)).toEqual(['natGateways is not one of per-az, single', 'webCpuTargetPercent is above 90', 'dbReadReplicaCount is above 15', 'vpcCdir is not allowed']);
    expect(problems({ webCpuTargetPercent: 95 })).toEqual([expect.stringMatching(/^webCpuTargetPercent must be an integer between 10 and 90 \(got 95\)/)]);
    const noMin = Object.fromEntries(Object.entries({ ...usEast1, ...EXPLICIT }).filter(([k, v]) => k !== 'webMinCapacity' && v !== undefined));
    expect(schemaProblems(schema, noMin)).toEqual(['webMinCapacity is required']);
  });
});
