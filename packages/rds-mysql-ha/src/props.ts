// The props of the database and the public types, limits and version helpers they use.
import { DataTierPlacementProps, IKmsKey, IntegerLimit } from '@phi-stack/constructs-core';
import { MIN_AUDIT_PLUGIN_MINOR_80 } from './engine-limits';

/** The MySQL logs exported to CloudWatch Logs, in the order RDS documents them. */
export const RDS_MYSQL_LOG_EXPORTS = ['audit', 'error', 'general', 'slowquery'] as const;

/** Events the MariaDB audit plugin can record (`SERVER_AUDIT_EVENTS`). */
export const RDS_MYSQL_AUDIT_EVENTS = ['CONNECT', 'QUERY', 'QUERY_DDL', 'QUERY_DML', 'QUERY_DML_NO_SELECT', 'QUERY_DCL'] as const;

/** A MariaDB audit plugin event. */
export type RdsMysqlAuditEvent = (typeof RDS_MYSQL_AUDIT_EVENTS)[number];

/**
 * MySQL major versions the construct builds parameter and option groups for, newest first. 8.4 is
 * the LTS release in RDS standard support; 8.0 left RDS standard support on 2026-07-31, so an 8.0
 * instance is billed for RDS Extended Support and is accepted only as an explicit choice (for a
 * stack that has not been upgraded yet, see the README's upgrade path).
 */
export const RDS_MYSQL_MAJOR_VERSIONS = ['8.4', '8.0'] as const;

/** A MySQL major version the construct supports. */
export type RdsMysqlMajorVersion = (typeof RDS_MYSQL_MAJOR_VERSIONS)[number];

/** The engine version used when `engineVersion` is not given: the major version, so minor upgrades never drift. */
export const DEFAULT_MYSQL_ENGINE_VERSION = '8.4';

/**
 * The major version (`8.4`, `8.0`) of a MySQL engine version (`8.4`, `8.4.5`, `8.0.40`), or
 * undefined when the construct does not support it.
 */
export function mysqlMajorVersion(engineVersion: string): RdsMysqlMajorVersion | undefined {
  const m = /^(\d+\.\d+)(?:\.(\d+))?$/.exec(engineVersion);
  if (!m || !(RDS_MYSQL_MAJOR_VERSIONS as readonly string[]).includes(m[1])) return undefined;
  if (m[1] === '8.0' && m[2] !== undefined && Number(m[2]) < MIN_AUDIT_PLUGIN_MINOR_80) return undefined;
  return m[1] as RdsMysqlMajorVersion;
}

/** The DB parameter group family of a MySQL major version: `mysql8.4`, `mysql8.0`. */
export function mysqlParameterGroupFamily(major: RdsMysqlMajorVersion): string {
  return `mysql${major}`;
}

/** Read replicas RDS for MySQL allows per source instance. */
export const RDS_MYSQL_MAX_READ_REPLICAS = 15;

/** Range of `readReplicaCount`. */
export const READ_REPLICA_COUNT: IntegerLimit = { min: 0, max: RDS_MYSQL_MAX_READ_REPLICAS, why: `RDS for MySQL allows at most ${RDS_MYSQL_MAX_READ_REPLICAS} read replicas per source instance` };

/** Range of `allocatedStorageGiB`. */
export const ALLOCATED_STORAGE_GIB: IntegerLimit = { min: 20, max: 65536, why: 'gp3 volumes for MySQL are 20-65536 GiB' };

/** Range of `maxAllocatedStorageGiB`; it must also exceed `allocatedStorageGiB`. */
export const MAX_ALLOCATED_STORAGE_GIB: IntegerLimit = { min: 21, max: 65536, why: 'storage autoscales up to 65536 GiB' };

/**
 * The problem of a storage maximum that leaves autoscaling no room, or undefined. The prop names
 * are the caller's, so that a config layer reports its own field names.
 */
export function maxAllocatedStorageProblem(allocatedProp: string, allocated: number, maxProp: string, max: number): string | undefined {
  if (max > allocated) return undefined;
  return `${maxProp} must exceed ${allocatedProp} (got ${max} <= ${allocated}): storage autoscaling needs room to grow`;
}

/** Days between the rotations of the master password that Secrets Manager runs. */
export const MASTER_PASSWORD_ROTATION_DAYS = 90;

export interface RdsMysqlHaProps extends DataTierPlacementProps {
  /**
   * Base of every resource name (DB identifiers, groups, role, alias): lowercase letters, digits and
   * single hyphens, 2-40 characters, starting with a letter. Two instances need two names.
   */
  readonly name: string;
  /**
   * Customer-managed key for storage, Performance Insights, the managed master secret and the log groups.
   * @default - a key with rotation created for this database
   */
  readonly kmsKey?: IKmsKey;
  /**
   * MySQL engine version: `8.4` or `8.4.x`, or `8.0` / `8.0.x` (x >= 28) for a stack not upgraded yet
   * (8.0 is past RDS standard support and billed for Extended Support). A major version lets minor
   * versions upgrade automatically without drift. The parameter group family (`mysql8.4`) and the
   * option group's major version are derived from it.
   * @default '8.4'
   */
  readonly engineVersion?: string;
  /**
   * Let RDS apply a major version upgrade (e.g. 8.0 to 8.4) when `engineVersion` changes major
   * version. Turn it on for the upgrade only; see the README for the order with read replicas.
   * @default false
   */
  readonly allowMajorVersionUpgrade?: boolean;
  /**
   * Instance class of the primary.
   * @default 'db.m6g.large'
   */
  readonly instanceClass?: string;
  /**
   * Instance class of the read replicas.
   * @default - the primary's `instanceClass`
   */
  readonly replicaInstanceClass?: string;
  /**
   * Initial gp3 storage, in GiB (20-65536).
   * @default 100
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Ceiling of storage autoscaling, in GiB (21-65536); must exceed `allocatedStorageGiB`.
   * @default - twice `allocatedStorageGiB`, at least 1000 and at most 65536
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Port MySQL listens on.
   * @default 3306
   */
  readonly port?: number;
  /**
   * Master user name (break-glass and schema migrations only; the app connects with IAM database
   * authentication as `iamDatabaseUserName`). Its password is drawn by an ephemeral
   * `aws_secretsmanager_random_password`, written with `password_wo` (never in plan or state) and
   * kept in the construct's Secrets Manager secret.
   * @default 'phiadmin'
   */
  readonly masterUsername?: string;
  /**
   * Version of the master password written by the stack: raise it by one to replace the password
   * out of schedule (a new ephemeral value is written to the primary and to the secret in the same
   * apply). Secrets Manager rotates it every ${MASTER_PASSWORD_ROTATION_DAYS} days anyway, through
   * the construct's rotation function.
   * RDS cannot manage the password itself: it does not create read replicas of an instance whose
   * master password it manages in Secrets Manager.
   * @default 1
   */
  readonly masterPasswordVersion?: number;
  /**
   * Days Secrets Manager keeps the deleted master secret recoverable (7-30).
   * @default 30
   */
  readonly masterSecretRecoveryWindowDays?: number;
  /**
   * MySQL user the app connects as with IAM database authentication (`rds-db:connect`); created
   * once with `CREATE USER ... IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS'` (see the README).
   * @default 'app'
   */
  readonly iamDatabaseUserName?: string;
  /**
   * Name of a database created with the instance.
   * @default - none
   */
  readonly databaseName?: string;
  /**
   * Run the primary as a Multi-AZ deployment (synchronous standby in another AZ).
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Why `multiAz` is off. Required when `multiAz` is false; lands in the `phi-stack:opt-out:multi-az` tag.
   * @default - none
   */
  readonly multiAzDisabledReason?: string;
  /**
   * Refuse to delete the primary and the replicas through the API.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Why `deletionProtection` is off. Required when it is false; lands in the `phi-stack:opt-out:deletion-protection` tag.
   * @default - none
   */
  readonly deletionProtectionDisabledReason?: string;
  /**
   * Delete the primary without the final snapshot `<name>-final`.
   * @default false
   */
  readonly skipFinalSnapshot?: boolean;
  /**
   * Why the final snapshot is skipped. Required when `skipFinalSnapshot` is true; lands in the
   * `phi-stack:opt-out:final-snapshot` tag.
   * @default - none
   */
  readonly skipFinalSnapshotReason?: string;
  /**
   * Automated backup retention, in days (7-35).
   * @default 35
   */
  readonly backupRetentionDays?: number;
  /**
   * Daily backup window, UTC, `hh:mm-hh:mm`.
   * @default '03:00-04:00'
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`.
   * @default 'sun:04:30-sun:05:30'
   */
  readonly maintenanceWindow?: string;
  /**
   * Read replicas of the primary (0-15, the RDS for MySQL limit per source), spread over the subnets' Availability Zones.
   * @default 1
   */
  readonly readReplicaCount?: number;
  /**
   * Enhanced monitoring granularity, in seconds: 1, 5, 10, 15, 30 or 60.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Performance Insights retention, in days: 7, a multiple of 31 up to 713, or 731.
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Retention of the exported log groups, in days (a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Events the audit plugin records.
   * @default ['CONNECT', 'QUERY_DDL', 'QUERY_DCL']
   */
  readonly auditEvents?: RdsMysqlAuditEvent[];
  /**
   * Turn on MySQL's general query log (exported as `general`). Off by default: it records every
   * statement with its literals, i.e. PHI, and costs throughput; the audit log covers access.
   * @default false
   */
  readonly generalLogEnabled?: boolean;
  /**
   * Statements slower than this land in the slow query log, in seconds.
   * @default 2
   */
  readonly slowQueryThresholdSeconds?: number;
  /**
   * Extra parameters of the parameter group (dynamic ones; static ones apply at the next reboot).
   * `require_secure_transport` cannot be overridden.
   * @default - none
   */
  readonly parameters?: Record<string, string>;
  /**
   * Tags of every resource created here (on top of the provider's default tags).
   * @default - none
   */
  readonly tags?: Record<string, string>;
}
