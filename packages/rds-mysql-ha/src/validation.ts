// Validation of the database's props: every check runs before the first resource exists, every
// problem is collected (Problems) and thrown at once, and the settings (props after defaults) the
// resource families read are returned.
import { dataTierPlacementProblems, integerProblem, kmsKeyProblem, logRetentionProblem, OPT_OUTS, optOutReasonProblem, Problems } from '@phi-stack/constructs-core';
import { Token } from 'cdktf';
import { MIN_AUDIT_PLUGIN_MINOR_80, MONITORING_INTERVALS, RESERVED_USERNAMES } from './engine-limits';
import {
  ALLOCATED_STORAGE_GIB,
  DEFAULT_MYSQL_ENGINE_VERSION,
  MAX_ALLOCATED_STORAGE_GIB,
  maxAllocatedStorageProblem,
  mysqlMajorVersion,
  RDS_MYSQL_AUDIT_EVENTS,
  RdsMysqlHaProps,
  RdsMysqlMajorVersion,
  READ_REPLICA_COUNT,
} from './props';

/** The props of the RdsMysqlHa after validation and defaults, as the resource families read them. */
export interface RdsMysqlHaSettings {
  port: number;
  engineVersion: string;
  majorVersion: RdsMysqlMajorVersion;
  instanceClass: string;
  replicaInstanceClass: string;
  allocatedStorageGiB: number;
  maxAllocatedStorageGiB: number;
  masterUsername: string;
  masterPasswordVersion: number;
  masterSecretRecoveryWindowDays: number;
  iamDatabaseUserName: string;
  multiAz: boolean;
  deletionProtection: boolean;
  skipFinalSnapshot: boolean;
  backupRetentionDays: number;
  backupWindow: string;
  maintenanceWindow: string;
  readReplicaCount: number;
  monitoringIntervalSeconds: number;
  performanceInsightsRetentionDays: number;
  logRetentionDays: number;
  auditEvents: string[];
  slowQueryThresholdSeconds: number;
}

const known = (value: unknown): boolean => value !== undefined && !Token.isUnresolved(value);

/**
 * Validates `props` of the RdsMysqlHa at `path` and throws one Error naming every problem
 * (`<path>: <problem>`, or `<path>: <n> problems:` and a line each). A check that reads a value
 * validated before it (the storage sizes, the user names) runs only when that value is valid, so
 * no problem is reported twice.
 */
export function validateRdsMysqlHa(path: string, props: RdsMysqlHaProps): RdsMysqlHaSettings {
  const problems = new Problems(path);
  problems.add(kmsKeyProblem('kmsKey', props.kmsKey));
  /** Records the problem of an integer prop out of [min, max]; true when the value is fine (or a token). */
  const intRange = (prop: string, value: number, min: number, max: number, why: string): boolean => {
    const ok = !known(value) || (Number.isInteger(value) && value >= min && value <= max);
    problems.check(ok, () => `${prop} must be an integer between ${min} and ${max} (got ${value}): ${why}`);
    return ok;
  };

  if (!Token.isUnresolved(props.name) && (!/^[a-z][a-z0-9-]{1,39}$/.test(props.name) || props.name.includes('--') || props.name.endsWith('-'))) {
    problems.add(`name must be 2-40 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (got '${props.name}'): it names the DB instances, e.g. 'patients-db'`);
  }
  for (const problem of dataTierPlacementProblems(props)) problems.add(problem);

  const engineVersion = props.engineVersion ?? DEFAULT_MYSQL_ENGINE_VERSION;
  const majorVersion = Token.isUnresolved(engineVersion) ? undefined : mysqlMajorVersion(engineVersion);
  if (Token.isUnresolved(engineVersion)) {
    problems.add('engineVersion must be known at synth time (got a token): the parameter group family and the option group version are derived from it');
  } else if (majorVersion === undefined) {
    problems.add(
      `engineVersion must be MySQL 8.4 (8.4 or 8.4.x) or, for a stack not upgraded yet, 8.0 (8.0 or 8.0.x with x >= ${MIN_AUDIT_PLUGIN_MINOR_80}) (got '${engineVersion}'): use '${DEFAULT_MYSQL_ENGINE_VERSION}'; the MariaDB audit plugin needs 8.0.${MIN_AUDIT_PLUGIN_MINOR_80}+ and 8.0 is billed for RDS Extended Support`,
    );
  }
  const instanceClass = props.instanceClass ?? 'db.m6g.large';
  const replicaInstanceClass = props.replicaInstanceClass ?? instanceClass;
  for (const [prop, value] of [['instanceClass', instanceClass], ['replicaInstanceClass', replicaInstanceClass]] as const) {
    // By default replicaInstanceClass is instanceClass: its problem is named once, as instanceClass's.
    if (prop === 'replicaInstanceClass' && props.replicaInstanceClass === undefined) continue;
    if (known(value) && !/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(value)) problems.add(`${prop} must be an RDS instance class like db.m6g.large (got '${value}')`);
    if (known(value) && /^db\.t[234]g?\.micro$/.test(value)) problems.add(`${prop} must support Performance Insights and Multi-AZ at production scale (got '${value}'): use db.t4g.medium or larger`);
  }

  const port = props.port ?? 3306;
  intRange('port', port, 1150, 65535, 'RDS MySQL ports are 1150-65535');
  const allocatedStorageGiB = props.allocatedStorageGiB ?? 100;
  const allocatedOk = intRange('allocatedStorageGiB', allocatedStorageGiB, ALLOCATED_STORAGE_GIB.min, ALLOCATED_STORAGE_GIB.max, ALLOCATED_STORAGE_GIB.why);
  const maxAllocatedStorageGiB = props.maxAllocatedStorageGiB ?? Math.min(MAX_ALLOCATED_STORAGE_GIB.max, Math.max(1000, allocatedStorageGiB * 2));
  // The default maximum is derived from allocatedStorageGiB: checked only when that one is valid.
  if (allocatedOk || props.maxAllocatedStorageGiB !== undefined) {
    const maxOk = intRange('maxAllocatedStorageGiB', maxAllocatedStorageGiB, MAX_ALLOCATED_STORAGE_GIB.min, MAX_ALLOCATED_STORAGE_GIB.max, MAX_ALLOCATED_STORAGE_GIB.why);
    if (allocatedOk && maxOk && known(maxAllocatedStorageGiB) && known(allocatedStorageGiB)) {
      problems.add(maxAllocatedStorageProblem('allocatedStorageGiB', allocatedStorageGiB, 'maxAllocatedStorageGiB', maxAllocatedStorageGiB));
    }
  }

  const masterUsername = props.masterUsername ?? 'phiadmin';
  const masterUsernameOk = !known(masterUsername) || (/^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(masterUsername) && !RESERVED_USERNAMES.includes(masterUsername.toLowerCase()));
  if (!masterUsernameOk) {
    problems.add(`masterUsername must be 1-16 letters, digits or underscores, start with a letter and not be reserved by RDS (got '${masterUsername}')`);
  }
  const masterPasswordVersion = props.masterPasswordVersion ?? 1;
  if (Token.isUnresolved(masterPasswordVersion) || !Number.isInteger(masterPasswordVersion) || masterPasswordVersion < 1) {
    problems.add(`masterPasswordVersion must be a positive integer known at synth time (got ${masterPasswordVersion}): raise it by one to rotate the master password`);
  }
  const masterSecretRecoveryWindowDays = props.masterSecretRecoveryWindowDays ?? 30;
  intRange('masterSecretRecoveryWindowDays', masterSecretRecoveryWindowDays, 7, 30, 'a deleted master secret stays recoverable for at least a week');
  const iamDatabaseUserName = props.iamDatabaseUserName ?? 'app';
  if (Token.isUnresolved(iamDatabaseUserName) || !/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(iamDatabaseUserName) || RESERVED_USERNAMES.includes(iamDatabaseUserName.toLowerCase())) {
    problems.add(`iamDatabaseUserName must be 1-32 letters, digits or underscores, start with a letter and not be reserved by RDS (got '${iamDatabaseUserName}'): it ends the rds-db:connect resource ARN`);
  } else if (masterUsernameOk && known(masterUsername) && iamDatabaseUserName === masterUsername) {
    problems.add(`iamDatabaseUserName must differ from masterUsername (got '${iamDatabaseUserName}' for both): the app gets its own least-privilege user`);
  }
  if (props.databaseName !== undefined && known(props.databaseName) && !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(props.databaseName)) {
    problems.add(`databaseName must be 1-64 letters, digits or underscores starting with a letter (got '${props.databaseName}')`);
  }

  const multiAz = props.multiAz ?? true;
  problems.add(optOutReasonProblem(!multiAz, 'multiAzDisabledReason', props.multiAzDisabledReason, 'multiAz is false', OPT_OUTS.multiAz));
  const deletionProtection = props.deletionProtection ?? true;
  problems.add(optOutReasonProblem(!deletionProtection, 'deletionProtectionDisabledReason', props.deletionProtectionDisabledReason, 'deletionProtection is false', OPT_OUTS.deletionProtection));
  const skipFinalSnapshot = props.skipFinalSnapshot ?? false;
  problems.add(optOutReasonProblem(skipFinalSnapshot, 'skipFinalSnapshotReason', props.skipFinalSnapshotReason, 'skipFinalSnapshot is true', OPT_OUTS.finalSnapshot));

  const backupRetentionDays = props.backupRetentionDays ?? 35;
  intRange('backupRetentionDays', backupRetentionDays, 7, 35, 'PHI needs at least a week of point-in-time recovery and RDS keeps at most 35 days');
  const backupWindow = props.backupWindow ?? '03:00-04:00';
  if (known(backupWindow) && !/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(backupWindow)) {
    problems.add(`backupWindow must be a UTC range hh:mm-hh:mm (got '${backupWindow}'), e.g. '03:00-04:00'`);
  }
  const maintenanceWindow = props.maintenanceWindow ?? 'sun:04:30-sun:05:30';
  if (known(maintenanceWindow) && !/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/.test(maintenanceWindow)) {
    problems.add(`maintenanceWindow must be a UTC range ddd:hh:mm-ddd:hh:mm (got '${maintenanceWindow}'), e.g. 'sun:04:30-sun:05:30'`);
  }

  const readReplicaCount = props.readReplicaCount ?? 1;
  if (Token.isUnresolved(readReplicaCount)) problems.add('readReplicaCount must be a number known at synth time (got a token): each replica is its own resource');
  else problems.add(integerProblem('readReplicaCount', readReplicaCount, READ_REPLICA_COUNT));

  const monitoringIntervalSeconds = props.monitoringIntervalSeconds ?? 60;
  if (known(monitoringIntervalSeconds) && !MONITORING_INTERVALS.includes(monitoringIntervalSeconds)) {
    problems.add(`monitoringIntervalSeconds must be one of ${MONITORING_INTERVALS.join(', ')} (got ${monitoringIntervalSeconds}): enhanced monitoring stays on`);
  }
  const performanceInsightsRetentionDays = props.performanceInsightsRetentionDays ?? 7;
  const pi = performanceInsightsRetentionDays;
  if (known(pi) && !(pi === 7 || pi === 731 || (Number.isInteger(pi) && pi % 31 === 0 && pi >= 31 && pi <= 713))) {
    problems.add(`performanceInsightsRetentionDays must be 7, a multiple of 31 up to 713, or 731 (got ${pi})`);
  }
  const logRetentionDays = props.logRetentionDays ?? 365;
  if (known(logRetentionDays)) problems.add(logRetentionProblem('logRetentionDays', logRetentionDays));
  const auditEvents = props.auditEvents ?? ['CONNECT', 'QUERY_DDL', 'QUERY_DCL'];
  const unknownEvents = auditEvents.filter((e) => !(RDS_MYSQL_AUDIT_EVENTS as readonly string[]).includes(e));
  if (auditEvents.length === 0 || unknownEvents.length > 0) {
    problems.add(`auditEvents must list 1 or more of ${RDS_MYSQL_AUDIT_EVENTS.join(', ')} (got [${auditEvents.join(', ')}])`);
  }
  const slowQueryThresholdSeconds = props.slowQueryThresholdSeconds ?? 2;
  if (known(slowQueryThresholdSeconds) && !(slowQueryThresholdSeconds > 0 && slowQueryThresholdSeconds <= 3600)) {
    problems.add(`slowQueryThresholdSeconds must be more than 0 and at most 3600 (got ${slowQueryThresholdSeconds})`);
  }
  const overridden = Object.keys(props.parameters ?? {}).filter((key) => ['require_secure_transport', 'log_output', 'slow_query_log', 'general_log', 'long_query_time'].includes(key));
  if (overridden.length > 0) {
    problems.add(`parameters must not set ${overridden.join(', ')} (got ${overridden.map((k) => `${k}=${props.parameters![k]}`).join(', ')}): TLS and logging are managed by the construct, use generalLogEnabled and slowQueryThresholdSeconds`);
  }

  problems.throwIfAny();

  return {
    port,
    engineVersion,
    majorVersion: majorVersion!,
    instanceClass,
    replicaInstanceClass,
    allocatedStorageGiB,
    maxAllocatedStorageGiB,
    masterUsername,
    masterPasswordVersion,
    masterSecretRecoveryWindowDays,
    iamDatabaseUserName,
    multiAz,
    deletionProtection,
    skipFinalSnapshot,
    backupRetentionDays,
    backupWindow,
    maintenanceWindow,
    readReplicaCount,
    monitoringIntervalSeconds,
    performanceInsightsRetentionDays,
    logRetentionDays,
    auditEvents,
    slowQueryThresholdSeconds,
  };
}
