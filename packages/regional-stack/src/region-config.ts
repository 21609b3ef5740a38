import * as fs from 'node:fs';
import * as path from 'node:path';
import { CPU_TARGET_PERCENT, CpuCredits, DEFAULT_PEAK_WINDOWS, PeakWindow, PredictiveScalingMode, resolvePeakWindows, scheduleTimeZoneProblem } from '@phi-stack/alb-asg';
import { IntegerLimit, integerProblem } from '@phi-stack/constructs-core';
import { ALLOCATED_STORAGE_GIB, MAX_ALLOCATED_STORAGE_GIB, maxAllocatedStorageProblem, READ_REPLICA_COUNT } from '@phi-stack/rds-mysql-ha';
import { REPLICAS_PER_NODE_GROUP } from '@phi-stack/redis-phi';
import { cidrsOverlap, tryParseCidr } from '@phi-stack/vpc-azs';
import { CapacityPlan, deriveCapacity, WorkloadProfile, workloadProblems } from './capacity';
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
  readonly cidrBlock: string;
  /** Number of Availability Zones (2-6, and at most what the region has). */
  readonly azCount: number;
  /** `per-az` (HA, default) or `single` (cost mode) NAT gateways. */
  readonly natGateways: 'per-az' | 'single';
  /** EC2 instance type of the web tier. */
  readonly webInstanceType: string;
  /**
   * Auto Scaling bounds of the web tier. Derived from `workload` when it is given (then these
   * fields are optional overrides, checked against the derivation).
   */
  readonly webMinCapacity: number;
  readonly webMaxCapacity: number;
  readonly webDesiredCapacity: number;
  /** Average CPU the web tier is kept at, in percent (`CPU_TARGET_PERCENT` of alb-asg: 10-90). */
  readonly webCpuTargetPercent: number;
  /** RDS instance class of the MySQL primary and its replicas. */
  readonly dbInstanceClass: string;
  /** Initial and maximum (autoscaled) storage of the database, in GiB. */
  readonly dbAllocatedStorageGiB: number;
  readonly dbMaxAllocatedStorageGiB: number;
  /** Read replicas of the MySQL primary (0-15, the RDS for MySQL limit per source). */
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
  /** ARN of the state bucket's KMS key (the bootstrap app's `stateKmsKeyArn` output): required for `aws` mode. */
  readonly stateKmsKeyArn?: string;
  /**
   * Region of the state bucket: the bootstrap app's `region`. S3 answers only in the bucket's own
   * region and encrypts only with a key of that region, so an app in another region must name it.
   * @default - the app's `region`
   */
  readonly stateRegion?: string;
  /** Peak schedule of the web tier, in the region's own time zone and holidays. */
  readonly schedule: RegionSchedule;
  /** The workload questions answered; the web bounds, window minimums, replicas and cache node derive from it. */
  readonly workload?: WorkloadProfile;
  /** Target of the request-count policy (ALB requests per instance per minute). @default - derived from `workload`, else no request-count policy */
  readonly webRequestCountPerTarget?: number;
  /** Predictive scaling of the web tier: `off` (default), `forecast-only` or `forecast-and-scale`. */
  readonly webPredictiveScaling?: PredictiveScalingMode;
  /** CPU credits of a burstable `webInstanceType`: `unlimited` (default) or `standard`. */
  readonly webCpuCredits?: CpuCredits;
  /** AMI id the web tier runs, pinned: the fleet rolls only when this changes. */
  readonly webAmiId?: string;
  /** SSM parameter your team publishes vetted AMI ids to: every new value rolls the fleet (instance refresh). */
  readonly webAmiSsmParameter?: string;
  /** The capacity derivation of `workload` (computed, not read from the file). */
  readonly capacity?: CapacityPlan;
}

/** The `schedule` block of `region.json`. */
export interface RegionSchedule {
  /** IANA time zone of the peaks, e.g. `America/New_York`: 07:00 stays 07:00 local across DST. */
  readonly timeZone: string;
  /** Seed peaks that apply here, by name. @default - all of DEFAULT_PEAK_WINDOWS (weekends, thanksgiving, christmas, new-year) */
  readonly seedPeaks?: string[];
  /** The region's own windows (a peak with a seed peak's name replaces it). */
  readonly peaks?: PeakWindow[];
  /** Years of yearly windows compiled from the current one. @default 4 */
  readonly years?: number;
  /** Local time of the daily baseline hold, or false. @default '04:00' */
  readonly holdTime?: string | false;
}

/** The peak windows of a region: the chosen seed peaks, replaced or extended by its own. */
export function regionPeakWindows(schedule: RegionSchedule): PeakWindow[] {
  const own = schedule.peaks ?? [];
  const seeds = (schedule.seedPeaks ?? DEFAULT_PEAK_WINDOWS.map((w) => w.name))
    .map((name) => DEFAULT_PEAK_WINDOWS.find((w) => w.name === name))
    .filter((w): w is PeakWindow => w !== undefined && !own.some((o) => o.name === w.name));
  return [...seeds, ...own];
}

/**
 * The integer fields whose range is a module's: the limit the construct enforces on the prop the
 * field feeds, so that `region.json`, its JSON Schema and the construct cannot disagree.
 */
export const REGION_FIELD_LIMITS: Readonly<Partial<Record<keyof RegionConfig, IntegerLimit>>> = {
  webCpuTargetPercent: CPU_TARGET_PERCENT,
  dbAllocatedStorageGiB: ALLOCATED_STORAGE_GIB,
  dbMaxAllocatedStorageGiB: MAX_ALLOCATED_STORAGE_GIB,
  dbReadReplicaCount: READ_REPLICA_COUNT,
  cacheReplicasPerNodeGroup: REPLICAS_PER_NODE_GROUP,
};

/** `derivable-*`: required unless `workload` derives it. */
export type FieldKind = 'string' | 'integer' | 'optional-string' | 'optional-integer' | 'derivable-integer' | 'derivable-string' | 'object' | 'optional-object';

/**
 * Fields renamed to the construct prop they feed (CONTRIBUTING.md, "Naming"): a file that still
 * uses the old name is told the new one.
 */
export const RENAMED_REGION_FIELDS: Readonly<Record<string, keyof RegionConfig>> = { vpcCidr: 'cidrBlock', natGatewayMode: 'natGateways' };

export const REGION_FIELDS: Readonly<Record<Exclude<keyof RegionConfig, 'capacity'>, FieldKind>> = {
  region: 'string',
  environment: 'string',
  cidrBlock: 'string',
  azCount: 'integer',
  natGateways: 'string',
  webInstanceType: 'string',
  webMinCapacity: 'derivable-integer',
  webMaxCapacity: 'derivable-integer',
  webDesiredCapacity: 'derivable-integer',
  webCpuTargetPercent: 'integer',
  dbInstanceClass: 'string',
  dbAllocatedStorageGiB: 'integer',
  dbMaxAllocatedStorageGiB: 'integer',
  dbReadReplicaCount: 'derivable-integer',
  cacheNodeType: 'derivable-string',
  cacheReplicasPerNodeGroup: 'integer',
  domainName: 'string',
  albCertificateArn: 'string',
  cdnCertificateArn: 'string',
  cdnPublicKeyPem: 'string',
  imagesBucketPrefix: 'string',
  stateBucket: 'optional-string',
  stateKmsKeyArn: 'optional-string',
  stateRegion: 'optional-string',
  schedule: 'object',
  workload: 'optional-object',
  webRequestCountPerTarget: 'optional-integer',
  webPredictiveScaling: 'optional-string',
  webCpuCredits: 'optional-string',
  webAmiId: 'optional-string',
  webAmiSsmParameter: 'optional-string',
};

/** Another region's config, for checks across regions (CIDR overlap). */
export interface SiblingRegion {
  readonly file: string;
  readonly cidrBlock: string;
}

/** The bootstrap app's config (`apps/bootstrap/bootstrap.json`), which creates the state bucket. */
export interface BootstrapConfig {
  readonly file: string;
  readonly region: string;
  readonly stateBucket: string;
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
export function validateRegionConfig(raw: unknown, file: string, siblings: readonly SiblingRegion[] = [], bootstrap?: BootstrapConfig): RegionConfig {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new RegionConfigError(file, [`the file must hold a JSON object (got ${JSON.stringify(raw)})`]);
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key in RENAMED_REGION_FIELDS) problems.push(`field '${key}' is now '${RENAMED_REGION_FIELDS[key]}', the name of the construct prop it feeds: rename it (the value stays the same)`);
    else if (key !== '$schema' && !(key in REGION_FIELDS)) problems.push(`unknown field '${key}': remove it or check its spelling (known: ${Object.keys(REGION_FIELDS).join(', ')})`);
  }
  const derivable = obj.workload !== undefined;
  for (const [key, kind] of Object.entries(REGION_FIELDS)) {
    const value = obj[key];
    if (value === undefined && (kind.startsWith('optional-') || (derivable && kind.startsWith('derivable-')))) continue;
    if (value === undefined && kind.startsWith('derivable-')) {
      problems.push(`${key} is required without a workload block (got none): set it, or add workload so that it is derived`);
      continue;
    }
    if (kind.endsWith('integer')) {
      if (!Number.isInteger(value)) problems.push(`${key} must be an integer (got ${JSON.stringify(value)})`);
    } else if (kind.endsWith('object')) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(
          key === 'schedule'
            ? `schedule must be an object with the region's timeZone, like { "timeZone": "America/New_York" } (got ${JSON.stringify(value)}): peaks are local times`
            : `${key} must be an object (got ${JSON.stringify(value)})`,
        );
      }
    } else if (typeof value !== 'string' || value === '') problems.push(`${key} must be a non-empty string (got ${JSON.stringify(value)})`);
  }
  if (problems.length > 0) throw new RegionConfigError(file, problems);
  const schedule = obj.schedule as RegionSchedule;
  const scheduleProblems = regionScheduleProblems(schedule);
  const windowNames = scheduleProblems.length === 0 ? regionPeakWindows(schedule).map((w) => w.name) : undefined;
  if (obj.workload !== undefined) scheduleProblems.push(...workloadProblems(obj.workload, windowNames));
  if (scheduleProblems.length > 0) throw new RegionConfigError(file, scheduleProblems);
  let c = obj as unknown as RegionConfig;
  const capacity = regionCapacity(obj);
  if (capacity !== undefined) {
    problems.push(...capacity.problems);
    c = {
      ...c,
      webMinCapacity: capacity.webMinCapacity,
      webMaxCapacity: capacity.webMaxCapacity,
      webDesiredCapacity: capacity.webDesiredCapacity,
      dbReadReplicaCount: capacity.dbReadReplicaCount,
      cacheNodeType: capacity.cacheNodeType,
      webRequestCountPerTarget: capacity.webRequestCountPerTarget,
      capacity,
    };
  }
  if (c.webPredictiveScaling !== undefined && !['off', 'forecast-only', 'forecast-and-scale'].includes(c.webPredictiveScaling)) {
    problems.push(`webPredictiveScaling must be 'off', 'forecast-only' or 'forecast-and-scale' (got '${c.webPredictiveScaling}'): start with forecast-only and compare its forecasts before scaling on them`);
  }
  if (c.webCpuCredits !== undefined && c.webCpuCredits !== 'standard' && c.webCpuCredits !== 'unlimited') problems.push(`webCpuCredits must be 'standard' or 'unlimited' (got '${c.webCpuCredits}')`);
  if (c.webCpuCredits !== undefined && !/^t(2|3|3a|4g)\./.test(c.webInstanceType)) {
    problems.push(`webCpuCredits applies to burstable types (t2, t3, t3a, t4g) only (got '${c.webCpuCredits}' with webInstanceType ${c.webInstanceType}): remove it`);
  }
  if (c.webAmiId !== undefined && !/^ami-[0-9a-f]{8,17}$/.test(c.webAmiId)) problems.push(`webAmiId must be an AMI id like ami-0123456789abcdef0 (got '${c.webAmiId}')`);
  if (c.webAmiId !== undefined && c.webAmiSsmParameter !== undefined) problems.push('webAmiId and webAmiSsmParameter are exclusive (got both): pin an id, or follow a parameter your team publishes vetted AMIs to');
  if (c.webAmiSsmParameter !== undefined && !/^\/[A-Za-z0-9_.\/-]+$/.test(c.webAmiSsmParameter)) problems.push(`webAmiSsmParameter must be an SSM parameter name like /phi-stack/ami/web (got '${c.webAmiSsmParameter}')`);
  if (c.webRequestCountPerTarget !== undefined && c.webRequestCountPerTarget < 1) problems.push(`webRequestCountPerTarget must be at least 1 request per instance per minute (got ${c.webRequestCountPerTarget})`);

  const azs = REGION_AZS[c.region];
  if (!azs) {
    problems.push(`region '${c.region}' is unknown: use one of ${Object.keys(REGION_AZS).join(', ')}, or add it with its Availability Zones to packages/regional-stack/src/regions.json`);
  } else if (c.azCount < 2 || c.azCount > Math.min(6, azs.length)) {
    problems.push(`azCount must be between 2 and ${Math.min(6, azs.length)} for ${c.region}, which has ${azs.length} Availability Zones (got ${c.azCount})`);
  }
  if (!/^[a-z][a-z0-9]{1,11}$/.test(c.environment)) problems.push(`environment must be 2-12 lowercase letters or digits, starting with a letter (got '${c.environment}')`);
  if (c.natGateways !== 'per-az' && c.natGateways !== 'single') problems.push(`natGateways must be 'per-az' or 'single' (got '${c.natGateways}')`);

  const cidr = tryParseCidr(c.cidrBlock);
  if (!cidr) {
    problems.push(`cidrBlock must be an IPv4 CIDR block with no host bits set, like 10.10.0.0/16 (got '${c.cidrBlock}')`);
  } else {
    if (cidr.prefix < 16 || cidr.prefix > 20) problems.push(`cidrBlock must be a /16 to /20 block: AWS allows /16-/28 and the three subnet tiers per AZ need at least a /20 (got '${c.cidrBlock}')`);
    for (const sibling of siblings) {
      const other = tryParseCidr(sibling.cidrBlock);
      if (other && cidrsOverlap(cidr, other)) {
        problems.push(`cidrBlock ${c.cidrBlock} overlaps cidrBlock ${sibling.cidrBlock} of ${sibling.file}: give every region a distinct range so that regions can be peered`);
      }
    }
  }

  const { webMinCapacity: min, webMaxCapacity: max, webDesiredCapacity: desired } = c;
  if (min < 1) problems.push(`webMinCapacity must be at least 1 (got ${min})`);
  if (!(min <= desired && desired <= max)) problems.push(`web capacities must satisfy webMinCapacity <= webDesiredCapacity <= webMaxCapacity (got ${min} <= ${desired} <= ${max})`);
  if (max < c.azCount) problems.push(`webMaxCapacity must be at least azCount (${c.azCount}) so that every AZ can hold an instance (got ${max})`);
  for (const [field, limit] of Object.entries(REGION_FIELD_LIMITS)) {
    const problem = integerProblem(field, c[field as keyof RegionConfig], limit!);
    if (problem) problems.push(problem);
  }
  if (c.stateKmsKeyArn !== undefined && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(c.stateKmsKeyArn)) {
    problems.push(`stateKmsKeyArn must be a KMS key ARN, the bootstrap app's stateKmsKeyArn output (got '${c.stateKmsKeyArn}')`);
  }
  if (c.stateKmsKeyArn !== undefined && c.stateBucket === undefined) problems.push('stateKmsKeyArn needs stateBucket (got a key and no bucket): both come from the bootstrap app');
  problems.push(...stateLocationProblems(c, bootstrap));
  const storage = maxAllocatedStorageProblem('dbAllocatedStorageGiB', c.dbAllocatedStorageGiB, 'dbMaxAllocatedStorageGiB', c.dbMaxAllocatedStorageGiB);
  if (storage) problems.push(storage);
  if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(c.albCertificateArn)) problems.push(`albCertificateArn must be an ACM certificate ARN (got '${c.albCertificateArn}')`);
  else if (c.albCertificateArn.split(':')[3] !== c.region) problems.push(`albCertificateArn must be a certificate in ${c.region}, the ALB's region (got '${c.albCertificateArn}')`);
  if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(c.cdnCertificateArn)) problems.push(`cdnCertificateArn must be an ACM certificate ARN in us-east-1, where CloudFront reads certificates (got '${c.cdnCertificateArn}')`);
  if (!c.cdnPublicKeyPem.includes('-----BEGIN PUBLIC KEY-----')) problems.push(`cdnPublicKeyPem must be a PEM public key ('-----BEGIN PUBLIC KEY-----…') (got '${c.cdnPublicKeyPem.slice(0, 30)}…')`);
  if (!/^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/.test(c.domainName) || !c.domainName.includes('.')) problems.push(`domainName must be a lowercase DNS name like app.example.com (got '${c.domainName}')`);

  if (problems.length > 0) throw new RegionConfigError(file, problems);
  return c;
}

/**
 * The capacity derivation of a parsed `region.json` whose fields have the right types, or
 * undefined when it has no `workload` block. Explicit fields are passed as overrides.
 */
export function regionCapacity(obj: Record<string, unknown>): CapacityPlan | undefined {
  if (obj.workload === undefined) return undefined;
  const c = obj as unknown as RegionConfig;
  return deriveCapacity(c.workload!, {
    region: c.region,
    azCount: c.azCount,
    webInstanceType: c.webInstanceType,
    webCpuTargetPercent: c.webCpuTargetPercent,
    webCpuCredits: c.webCpuCredits,
    dbInstanceClass: c.dbInstanceClass,
    windows: regionPeakWindows(c.schedule).map((w) => ({ name: w.name, minCapacity: w.minCapacity })),
    webMinCapacity: obj.webMinCapacity as number | undefined,
    webMaxCapacity: obj.webMaxCapacity as number | undefined,
    webDesiredCapacity: obj.webDesiredCapacity as number | undefined,
    dbReadReplicaCount: obj.dbReadReplicaCount as number | undefined,
    cacheNodeType: obj.cacheNodeType as string | undefined,
    webRequestCountPerTarget: obj.webRequestCountPerTarget as number | undefined,
  });
}

/** Problems of a `schedule` block: zone, seed peak names, windows, years and hold time. */
export function regionScheduleProblems(schedule: RegionSchedule): string[] {
  const problems: string[] = [];
  const known = ['timeZone', 'seedPeaks', 'peaks', 'years', 'holdTime'];
  for (const key of Object.keys(schedule)) if (!known.includes(key)) problems.push(`schedule.${key} is unknown: remove it or check its spelling (known: ${known.join(', ')})`);
  if (typeof schedule.timeZone !== 'string') {
    problems.push(`schedule.timeZone must be the region's IANA time zone like America/New_York (got ${JSON.stringify(schedule.timeZone)}): peaks are local times`);
  } else {
    const zone = scheduleTimeZoneProblem(schedule.timeZone, 'schedule.timeZone');
    if (zone) problems.push(zone);
  }
  const seedNames = DEFAULT_PEAK_WINDOWS.map((w) => w.name);
  if (schedule.seedPeaks !== undefined) {
    if (!Array.isArray(schedule.seedPeaks)) problems.push(`schedule.seedPeaks must be a list of seed peak names (got ${JSON.stringify(schedule.seedPeaks)})`);
    else for (const name of schedule.seedPeaks) if (!seedNames.includes(name)) problems.push(`schedule.seedPeaks names an unknown seed peak '${name}': use ${seedNames.join(', ')}, or define it under schedule.peaks`);
  }
  if (schedule.peaks !== undefined && !Array.isArray(schedule.peaks)) problems.push(`schedule.peaks must be a list of windows (got ${JSON.stringify(schedule.peaks)})`);
  if (schedule.years !== undefined && !(Number.isInteger(schedule.years) && schedule.years >= 1 && schedule.years <= 10)) problems.push(`schedule.years must be an integer between 1 and 10 (got ${JSON.stringify(schedule.years)})`);
  if (schedule.holdTime !== undefined && schedule.holdTime !== false && !(typeof schedule.holdTime === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(schedule.holdTime))) {
    problems.push(`schedule.holdTime must be a local time like 04:00, or false (got ${JSON.stringify(schedule.holdTime)})`);
  }
  if (problems.length === 0) {
    // Minimums are checked against the bounds by the web tier; here the formats.
    problems.push(...resolvePeakWindows(regionPeakWindows(schedule), { baseMinSize: 0, peakMinSize: 0, label: 'schedule.peaks' }).problems);
  }
  return problems;
}

/**
 * Where the state bucket is, checked as real S3 would: the backend must name the bucket's own
 * region (S3 answers a request signed for another region with an error, where the emulator answers
 * anyway), the state key must be a key of that region (SSE-KMS takes only a key in the bucket's
 * region), and both must agree with the bootstrap app that creates the bucket.
 */
function stateLocationProblems(c: RegionConfig, bootstrap: BootstrapConfig | undefined): string[] {
  const problems: string[] = [];
  if (c.stateRegion !== undefined && !(c.stateRegion in REGION_AZS)) {
    problems.push(`stateRegion '${c.stateRegion}' is unknown: use the bootstrap app's region, one of ${Object.keys(REGION_AZS).join(', ')}`);
    return problems;
  }
  if (c.stateRegion !== undefined && c.stateBucket === undefined) problems.push(`stateRegion needs stateBucket (got stateRegion '${c.stateRegion}' and no bucket): both come from the bootstrap app`);
  if (c.stateBucket === undefined) return problems;
  const stateRegion = c.stateRegion ?? c.region;
  const named = c.stateRegion === undefined ? `the app's region ${c.region}, as stateRegion is unset` : `stateRegion ${c.stateRegion}`;
  const keyRegion = c.stateKmsKeyArn?.split(':')[3];
  if (keyRegion && keyRegion !== stateRegion) {
    problems.push(
      `stateKmsKeyArn is a key in ${keyRegion}, but the state bucket's region is ${named} (got '${c.stateKmsKeyArn}'): ` +
        `S3 encrypts only with a key in the bucket's region; set stateRegion to the region of the bootstrap app that made both (${keyRegion})`,
    );
  }
  if (bootstrap) {
    if (bootstrap.stateBucket !== c.stateBucket) {
      problems.push(`stateBucket must be the bucket that ${bootstrap.file} creates, '${bootstrap.stateBucket}' (got '${c.stateBucket}')`);
    }
    if (bootstrap.region !== stateRegion) {
      problems.push(`the state bucket is in ${bootstrap.region}, where ${bootstrap.file} creates it, but this app's backend would look in ${named}: set "stateRegion": "${bootstrap.region}"`);
    }
  }
  return problems;
}

/** The bootstrap app's config next to the region apps (`<appsDir>/bootstrap/bootstrap.json`), if it is there and readable. */
function readBootstrapConfig(appsDir: string): BootstrapConfig | undefined {
  const file = path.join(appsDir, 'bootstrap', 'bootstrap.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { region?: unknown; stateBucket?: unknown };
    if (typeof raw.region !== 'string' || typeof raw.stateBucket !== 'string') return undefined;
    return { file: path.relative(process.cwd(), file) || file, region: raw.region, stateBucket: raw.stateBucket };
  } catch {
    // A broken bootstrap config fails the bootstrap app's own synth.
    return undefined;
  }
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
      const cidrBlock = (JSON.parse(fs.readFileSync(other, 'utf8')) as { cidrBlock?: unknown }).cidrBlock;
      if (typeof cidrBlock === 'string') siblings.push({ file: path.relative(process.cwd(), other), cidrBlock });
    } catch {
      // A broken sibling config fails its own synth; it is not this region's problem.
    }
  }
  return validateRegionConfig(raw, display, siblings, readBootstrapConfig(appsDir));
}
