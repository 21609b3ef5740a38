import * as fs from 'node:fs';
import * as path from 'node:path';
import { cidrsOverlap, tryParseCidr } from '@phi-stack/vpc-azs';
import regionsData from './regions.json';

/** Availability Zones per known region (from `regions.json`). */
export const REGION_AZS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(regionsData).filter(([key]) => key !== '//') as [string, string[]][],
);

/**
 * The typed configuration of one regional app: `apps/<region>/region.json`.
 * Adding a region means copying an app folder and editing this file; there is no code to write.
 */
export interface RegionConfig {
  /** AWS region, e.g. `us-east-1`. Must be listed in `regions.json`. */
  readonly region: string;
  /** Short name used in resource names and tags, e.g. `prod`. Lowercase letters and digits. */
  readonly environment: string;
  /** VPC CIDR block, /16 to /20. Must not overlap another region's, so that regions can be peered. */
  readonly vpcCidr: string;
  /** Number of Availability Zones (2-6, and at most what the region has). */
  readonly azCount: number;
  /** `per-az` (HA, default) or `single` (cost mode) NAT gateways. */
  readonly natGatewayMode: 'per-az' | 'single';
  /** EC2 instance type of the web tier. */
  readonly webInstanceType: string;
  /** Auto Scaling bounds of the web tier. */
  readonly webMinCapacity: number;
  readonly webMaxCapacity: number;
  readonly webDesiredCapacity: number;
  /** Average CPU the web tier is kept at, in percent (20-90). */
  readonly webCpuTargetPercent: number;
  /** RDS instance class of the MySQL primary and its replicas. */
  readonly dbInstanceClass: string;
  /** Initial and maximum (autoscaled) storage of the database, in GiB. */
  readonly dbAllocatedStorageGiB: number;
  readonly dbMaxAllocatedStorageGiB: number;
  /** Read replicas of the MySQL primary (0-5). */
  readonly dbReadReplicaCount: number;
  /** ElastiCache node type. */
  readonly cacheNodeType: string;
  /** Redis replicas per node group (1-5): at least one, for failover. */
  readonly cacheReplicasPerNodeGroup: number;
  /** Public DNS name of the application. */
  readonly domainName: string;
  /** ACM certificate of the ALB's HTTPS listener, in this region. */
  readonly albCertificateArn: string;
  /** ACM certificate of the CloudFront distribution (must live in us-east-1). */
  readonly cdnCertificateArn: string;
  /** PEM public key of the CloudFront trusted key group that signs URLs and cookies. */
  readonly cdnPublicKeyPem: string;
  /** Prefix of the image bucket's name: no PHI, lowercase. */
  readonly imagesBucketPrefix: string;
  /** Remote state bucket for `aws` mode (created by the bootstrap app). Optional for `local`. */
  readonly stateBucket?: string;
}

type FieldKind = 'string' | 'integer' | 'optional-string';

const FIELDS: Record<keyof RegionConfig, FieldKind> = {
  region: 'string',
  environment: 'string',
  vpcCidr: 'string',
  azCount: 'integer',
  natGatewayMode: 'string',
  webInstanceType: 'string',
  webMinCapacity: 'integer',
  webMaxCapacity: 'integer',
  webDesiredCapacity: 'integer',
  webCpuTargetPercent: 'integer',
  dbInstanceClass: 'string',
  dbAllocatedStorageGiB: 'integer',
  dbMaxAllocatedStorageGiB: 'integer',
  dbReadReplicaCount: 'integer',
  cacheNodeType: 'string',
  cacheReplicasPerNodeGroup: 'integer',
  domainName: 'string',
  albCertificateArn: 'string',
  cdnCertificateArn: 'string',
  cdnPublicKeyPem: 'string',
  imagesBucketPrefix: 'string',
  stateBucket: 'optional-string',
};

/** Another region's config, for checks across regions (CIDR overlap). */
export interface SiblingRegion {
  readonly file: string;
  readonly vpcCidr: string;
}

/** Thrown when a region config is invalid; lists every problem, one per line. */
export class RegionConfigError extends Error {
  constructor(
    public readonly file: string,
    public readonly problems: readonly string[],
  ) {
    super(`${file}: invalid region config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RegionConfigError';
  }
}

/**
 * Validates a parsed `region.json`. Every problem names the field, the value received and the
 * way out; all problems are reported at once.
 */
export function validateRegionConfig(raw: unknown, file: string, siblings: readonly SiblingRegion[] = []): RegionConfig {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new RegionConfigError(file, [`the file must hold a JSON object (got ${JSON.stringify(raw)})`]);
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== '$schema' && !(key in FIELDS)) problems.push(`unknown field '${key}': remove it or check its spelling (known: ${Object.keys(FIELDS).join(', ')})`);
  }
  for (const [key, kind] of Object.entries(FIELDS)) {
    const value = obj[key];
    if (kind === 'optional-string' && value === undefined) continue;
    if (kind === 'integer' && !Number.isInteger(value)) problems.push(`${key} must be an integer (got ${JSON.stringify(value)})`);
    if (kind !== 'integer' && (typeof value !== 'string' || value === '')) problems.push(`${key} must be a non-empty string (got ${JSON.stringify(value)})`);
  }
  if (problems.length > 0) throw new RegionConfigError(file, problems);
  const c = obj as unknown as RegionConfig;

  const azs = REGION_AZS[c.region];
  if (!azs) {
    problems.push(`region '${c.region}' is unknown: use one of ${Object.keys(REGION_AZS).join(', ')}, or add it with its Availability Zones to packages/regional-stack/src/regions.json`);
  } else if (c.azCount < 2 || c.azCount > Math.min(6, azs.length)) {
    problems.push(`azCount must be between 2 and ${Math.min(6, azs.length)} for ${c.region}, which has ${azs.length} Availability Zones (got ${c.azCount})`);
  }
  if (!/^[a-z][a-z0-9]{1,11}$/.test(c.environment)) problems.push(`environment must be 2-12 lowercase letters or digits, starting with a letter (got '${c.environment}')`);
  if (c.natGatewayMode !== 'per-az' && c.natGatewayMode !== 'single') problems.push(`natGatewayMode must be 'per-az' or 'single' (got '${c.natGatewayMode}')`);

  const cidr = tryParseCidr(c.vpcCidr);
  if (!cidr) {
    problems.push(`vpcCidr must be an IPv4 CIDR block with no host bits set, like 10.10.0.0/16 (got '${c.vpcCidr}')`);
  } else {
    if (cidr.prefix < 16 || cidr.prefix > 20) problems.push(`vpcCidr must be a /16 to /20 block: AWS allows /16-/28 and the three subnet tiers per AZ need at least a /20 (got '${c.vpcCidr}')`);
    for (const sibling of siblings) {
      const other = tryParseCidr(sibling.vpcCidr);
      if (other && cidrsOverlap(cidr, other)) {
        problems.push(`vpcCidr ${c.vpcCidr} overlaps vpcCidr ${sibling.vpcCidr} of ${sibling.file}: give every region a distinct range so that regions can be peered`);
      }
    }
  }

  const { webMinCapacity: min, webMaxCapacity: max, webDesiredCapacity: desired } = c;
  if (min < 1) problems.push(`webMinCapacity must be at least 1 (got ${min})`);
  if (!(min <= desired && desired <= max)) problems.push(`web capacities must satisfy webMinCapacity <= webDesiredCapacity <= webMaxCapacity (got ${min} <= ${desired} <= ${max})`);
  if (max < c.azCount) problems.push(`webMaxCapacity must be at least azCount (${c.azCount}) so that every AZ can hold an instance (got ${max})`);
  if (c.webCpuTargetPercent < 20 || c.webCpuTargetPercent > 90) problems.push(`webCpuTargetPercent must be between 20 and 90 (got ${c.webCpuTargetPercent})`);
  if (c.dbReadReplicaCount < 0 || c.dbReadReplicaCount > 5) problems.push(`dbReadReplicaCount must be between 0 and 5 (got ${c.dbReadReplicaCount}): MySQL on RDS supports at most 5 replicas per source here`);
  if (c.dbAllocatedStorageGiB < 20) problems.push(`dbAllocatedStorageGiB must be at least 20 for gp3 (got ${c.dbAllocatedStorageGiB})`);
  if (c.dbMaxAllocatedStorageGiB < c.dbAllocatedStorageGiB) problems.push(`dbMaxAllocatedStorageGiB must be at least dbAllocatedStorageGiB (${c.dbAllocatedStorageGiB}) (got ${c.dbMaxAllocatedStorageGiB})`);
  if (c.cacheReplicasPerNodeGroup < 1 || c.cacheReplicasPerNodeGroup > 5) problems.push(`cacheReplicasPerNodeGroup must be between 1 and 5: automatic failover needs at least one replica (got ${c.cacheReplicasPerNodeGroup})`);
  if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(c.albCertificateArn)) problems.push(`albCertificateArn must be an ACM certificate ARN (got '${c.albCertificateArn}')`);
  else if (c.albCertificateArn.split(':')[3] !== c.region) problems.push(`albCertificateArn must be a certificate in ${c.region}, the ALB's region (got '${c.albCertificateArn}')`);
  if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(c.cdnCertificateArn)) problems.push(`cdnCertificateArn must be an ACM certificate ARN in us-east-1, where CloudFront reads certificates (got '${c.cdnCertificateArn}')`);
  if (!c.cdnPublicKeyPem.includes('-----BEGIN PUBLIC KEY-----')) problems.push(`cdnPublicKeyPem must be a PEM public key ('-----BEGIN PUBLIC KEY-----…') (got '${c.cdnPublicKeyPem.slice(0, 30)}…')`);
  if (!/^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/.test(c.domainName) || !c.domainName.includes('.')) problems.push(`domainName must be a lowercase DNS name like app.example.com (got '${c.domainName}')`);

  if (problems.length > 0) throw new RegionConfigError(file, problems);
  return c;
}

/**
 * Reads and validates `<appDir>/region.json`, checking its CIDR against every other app folder
 * next to it (`<appDir>/../*\/region.json`).
 */
export function loadRegionConfig(appDir: string): RegionConfig {
  const file = path.join(appDir, 'region.json');
  const display = path.relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RegionConfigError(display, [`cannot read the config: ${(err as Error).message}`]);
  }
  const appsDir = path.dirname(path.resolve(appDir));
  const siblings: SiblingRegion[] = [];
  for (const entry of fs.readdirSync(appsDir).sort()) {
    const other = path.join(appsDir, entry, 'region.json');
    if (path.resolve(other) === path.resolve(file) || !fs.existsSync(other)) continue;
    try {
      const vpcCidr = (JSON.parse(fs.readFileSync(other, 'utf8')) as { vpcCidr?: unknown }).vpcCidr;
      if (typeof vpcCidr === 'string') siblings.push({ file: path.relative(process.cwd(), other), vpcCidr });
    } catch {
      // A broken sibling config fails its own synth; it is not this region's problem.
    }
  }
  return validateRegionConfig(raw, display, siblings);
}
