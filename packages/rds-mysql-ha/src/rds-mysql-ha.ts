import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Connections, IConnectable, IKmsKey, logRetentionProblem, IntegerLimit, integerProblem, kmsKeyProblem, OPT_OUTS, OptOut, optOutReasonProblem, optOutTag, stackEnvironment, subnetAvailabilityZonesProblem } from '@phi-stack/constructs-core';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbOptionGroup } from '@cdktf/provider-aws/lib/db-option-group';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { MasterPasswordRotation } from './rotation/master-rotation';

/** The MySQL logs exported to CloudWatch Logs, in the order RDS documents them. */
export const RDS_MYSQL_LOG_EXPORTS = ['audit', 'error', 'general', 'slowquery'] as const;

/** Events the MariaDB audit plugin can record (`SERVER_AUDIT_EVENTS`). */
export const RDS_MYSQL_AUDIT_EVENTS = ['CONNECT', 'QUERY', 'QUERY_DDL', 'QUERY_DML', 'QUERY_DML_NO_SELECT', 'QUERY_DCL'] as const;

/** A MariaDB audit plugin event. */
export type RdsMysqlAuditEvent = (typeof RDS_MYSQL_AUDIT_EVENTS)[number];

/** Retention values CloudWatch Logs accepts, in days. */

/** Enhanced monitoring granularities RDS accepts, in seconds (0, i.e. off, is not offered). */
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

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

/** The MariaDB audit plugin runs on MySQL 8.0 from 8.0.28 on (and on every 8.4 version). */
const MIN_AUDIT_PLUGIN_MINOR_80 = 28;

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

/** Master user names MySQL on RDS reserves. */
const RESERVED_USERNAMES = ['rdsadmin', 'rdsrepladmin', 'root', 'mysql.sys', 'mysql.session', 'mysql.infoschema'];

export interface RdsMysqlHaProps {
  /**
   * Base of every resource name (DB identifiers, groups, role, alias): lowercase letters, digits and
   * single hyphens, 2-40 characters, starting with a letter. Two instances need two names.
   */
  readonly name: string;
  /** VPC of the data-tier subnets. */
  readonly vpcId: string;
  /** Data-tier subnets of the DB subnet group: at least two, in different Availability Zones. */
  readonly subnetIds: string[];
  /**
   * The Availability Zone of each subnet in `subnetIds`, in the same order (the VPC's
   * `availabilityZones` for its `dataSubnetIds`). Given, the construct places its nodes without a
   * `data.aws_subnet` lookup, so a first plan shows their zones instead of "known after apply".
   * @default - each subnet's zone is looked up with `data.aws_subnet`
   */
  readonly subnetAvailabilityZones?: string[];
  /**
   * Security groups allowed to connect on the MySQL port, by id. Prefer `database.allowFrom(web)`,
   * which also opens the peer's egress. Between the two, at least one group must be admitted.
   * @default - none; call `allowFrom`
   */
  readonly allowedSecurityGroupIds?: string[];
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

/**
 * MySQL 8.4 LTS on RDS for PHI: an encrypted Multi-AZ primary with TLS-only connections, a
 * write-only master password kept in a customer-managed-key secret, IAM authentication for the app, audit/error/general/slow-query logs in encrypted log
 * groups, enhanced monitoring, Performance Insights, 35 days of backups, and read replicas spread
 * over the Availability Zones.
 */
export class RdsMysqlHa extends Construct implements IConnectable {
  /** The database's security group as a peer: `database.allowFrom(web)`, or `connections.allowFrom(peer, port)`. */
  public readonly connections: Connections;
  /** The key that encrypts storage, Performance Insights, the master secret and the logs. */
  public readonly kmsKey: IKmsKey;
  /** The primary instance. */
  public readonly primary: DbInstance;
  /** The read replicas, in order. */
  public readonly replicas: DbInstance[];
  /** The security group of the instances. */
  public readonly securityGroup: SecurityGroup;
  /** The DB subnet group over the data subnets. */
  public readonly subnetGroup: DbSubnetGroup;
  /** The parameter group (`require_secure_transport`, audit settings, `parameters`). */
  public readonly parameterGroup: DbParameterGroup;
  /** The option group with the MariaDB audit plugin. */
  public readonly optionGroup: DbOptionGroup;
  /** The role Enhanced Monitoring publishes OS metrics with. */
  public readonly monitoringRole: IamRole;
  /** Log groups of the exported logs, keyed `<instance identifier>/<log>`. */
  public readonly logGroups: Record<string, CloudwatchLogGroup>;

  /** Identifier of the primary. */
  public readonly dbInstanceIdentifier: string;
  /** ARN of the primary. */
  public readonly dbInstanceArn: string;
  /** Host name of the primary (follows failover). */
  public readonly dbInstanceEndpoint: string;
  /** Port of the primary and the replicas. */
  public readonly dbInstancePort: number;
  /** Identifiers of the read replicas. */
  public readonly replicaIdentifiers: string[];
  /** Host names of the read replicas. */
  public readonly replicaEndpoints: string[];
  /** The secret holding the master credentials (JSON `username`, `password`), written write-only. */
  public readonly masterSecret: SecretsmanagerSecret;
  /** Secrets Manager rotation of the master password: function, role, log group, schedule. */
  public readonly masterPasswordRotation: MasterPasswordRotation;
  /** ARN of the Secrets Manager secret holding the master credentials (break-glass; the app uses IAM authentication). */
  public readonly masterUserSecretArn: string;
  /** MySQL user the app connects as with IAM database authentication. */
  public readonly iamDatabaseUserName: string;
  /** `DbiResourceId`s of the primary and the replicas, for `rds-db:connect` grants. */
  public readonly dbResourceIds: string[];
  /** Id of the instances' security group. */
  public readonly securityGroupId: string;
  /** ARN of the key. */
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: RdsMysqlHaProps) {
    super(scope, id);
    const keyProblem = kmsKeyProblem('kmsKey', props.kmsKey);
    if (keyProblem) throw new Error(`${this.node.path}: ${keyProblem}`);
    const v = validate(this.node.path, props);
    const name = props.name;
    const tags = props.tags ?? {};

    const { partition, region, callerIdentity: account } = stackEnvironment(this);
    const logGroupArnPattern = `arn:${partition.partition}:logs:${region.name}:${account.accountId}:log-group:/aws/rds/instance/${name}*`;
    const rotationFunctionName = `${name}-mysql-master-rotation`;
    const rotationLogGroupArn = `arn:${partition.partition}:logs:${region.name}:${account.accountId}:log-group:/aws/lambda/${rotationFunctionName}`;

    if (props.kmsKey) {
      this.kmsKey = props.kmsKey;
    } else {
      const policy = new DataAwsIamPolicyDocument(this, 'key-policy', {
        statement: [
          {
            // Delegates key administration and use to IAM policies of this account only; without it
            // the key would be unmanageable. No other principal is named.
            sid: 'AccountIamPolicies',
            principals: [{ type: 'AWS', identifiers: [`arn:${partition.partition}:iam::${account.accountId}:root`] }],
            actions: ['kms:*'],
            resources: ['*'],
          },
          {
            // CloudWatch Logs encrypts the exported logs itself; only this database's log groups.
            sid: 'CloudWatchLogsForThisDatabase',
            principals: [{ type: 'Service', identifiers: [`logs.${region.name}.amazonaws.com`] }],
            actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            resources: ['*'],
            condition: [{ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: [logGroupArnPattern, rotationLogGroupArn] }],
          },
        ],
      });
      this.kmsKey = new KmsKey(this, 'key', {
        description: `phi-stack ${name}: RDS MySQL storage, Performance Insights, master secret and logs`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policy.json,
        tags,
      });
      new KmsAlias(this, 'key-alias', { name: `alias/${name}-rds`, targetKeyId: this.kmsKey.keyId });
    }
    const keyArn = this.kmsKey.arn;

    // Network: the data subnets, and 3306 (or `port`) from the given groups only. Terraform removes
    // the default allow-all egress rule of a new group; a database opens no connections.
    this.subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name,
      description: `phi-stack ${name}: MySQL data-tier subnets`,
      subnetIds: props.subnetIds,
      tags,
    });
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${name}-mysql`,
      description: `phi-stack ${name}: MySQL from the allowed security groups only`,
      vpcId: props.vpcId,
      tags: { ...tags, Name: `${name}-mysql` },
    });
    const allowedGroupIds = props.allowedSecurityGroupIds ?? [];
    allowedGroupIds.forEach((groupId, i) => {
      new VpcSecurityGroupIngressRule(this, `ingress-${i}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: groupId,
        ipProtocol: 'tcp',
        fromPort: v.port,
        toPort: v.port,
        description: 'MySQL over TLS from an allowed security group',
        tags,
      });
    });
    this.connections = new Connections({
      scope: this,
      securityGroupId: this.securityGroup.id,
      name: 'mysql',
      defaultPort: v.port,
      firstIngressIndex: allowedGroupIds.length,
      ingressDescription: 'MySQL over TLS from an allowed security group',
      tags,
    });
    // Checked at synth, after every allowFrom call: a database nothing may reach is a mistake.
    this.node.addValidation({
      validate: () =>
        this.connections.ingressRuleCount === 0
          ? [`no security group may connect to the database (allowedSecurityGroupIds is empty and allowFrom was never called): call database.allowFrom(web) with the tier that queries the database`]
          : [],
    });

    const parameters: Record<string, string> = {
      ...(props.parameters ?? {}),
      // Off by default on RDS for MySQL 8.4 and lower, so always set. MySQL on RDS instances stores
      // this boolean as 1 (aurora clusters show ON); 1 round-trips.
      require_secure_transport: '1',
      local_infile: props.parameters?.local_infile ?? '0',
      log_output: 'FILE',
      slow_query_log: '1',
      long_query_time: String(v.slowQueryThresholdSeconds),
      general_log: props.generalLogEnabled ? '1' : '0',
    };
    // Names carry the major version (`-mysql84`) and the groups are created before the old ones
    // are destroyed: a major version upgrade needs groups of the new family, and RDS refuses to
    // delete a group that an instance still uses.
    const versionSuffix = `mysql${v.majorVersion.replace('.', '')}`;
    this.parameterGroup = new DbParameterGroup(this, 'parameter-group', {
      name: `${name}-${versionSuffix}`,
      family: mysqlParameterGroupFamily(v.majorVersion),
      description: `phi-stack ${name}: TLS-only MySQL ${v.majorVersion} with slow and audit logging`,
      parameter: Object.keys(parameters)
        .sort()
        .map((key) => ({ name: key, value: parameters[key] })),
      tags,
      lifecycle: { createBeforeDestroy: true },
    });
    this.optionGroup = new DbOptionGroup(this, 'option-group', {
      name: `${name}-${versionSuffix}-audit`,
      engineName: 'mysql',
      majorEngineVersion: v.majorVersion,
      optionGroupDescription: `phi-stack ${name}: MariaDB audit plugin`,
      option: [
        {
          optionName: 'MARIADB_AUDIT_PLUGIN',
          optionSettings: [
            { name: 'SERVER_AUDIT_EVENTS', value: v.auditEvents.join(',') },
            // The RDS service account's own housekeeping would drown the trail.
            { name: 'SERVER_AUDIT_EXCL_USERS', value: 'rdsadmin' },
          ],
        },
      ],
      tags,
      lifecycle: { createBeforeDestroy: true },
    });

    const monitoringTrust = new DataAwsIamPolicyDocument(this, 'monitoring-trust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] }],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
        },
      ],
    });
    this.monitoringRole = new IamRole(this, 'monitoring-role', {
      name: `${name}-rds-monitoring`,
      description: `phi-stack ${name}: RDS enhanced monitoring`,
      assumeRolePolicy: monitoringTrust.json,
      tags,
    });
    const monitoringPolicy = new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: this.monitoringRole.name,
      policyArn: `arn:${partition.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });

    // RDS would create these groups unencrypted and kept forever; created first, they are ours.
    this.logGroups = {};
    const logGroupsOf = (identifier: string, idPrefix: string): CloudwatchLogGroup[] =>
      RDS_MYSQL_LOG_EXPORTS.map((log) => {
        const group = new CloudwatchLogGroup(this, `${idPrefix}-log-${log}`, {
          name: `/aws/rds/instance/${identifier}/${log}`,
          kmsKeyId: keyArn,
          retentionInDays: v.logRetentionDays,
          tags,
        });
        this.logGroups[`${identifier}/${log}`] = group;
        return group;
      });

    const optOutTags: Record<string, string> = {};
    if (!v.multiAz) Object.assign(optOutTags, optOutTag(OPT_OUTS.multiAz, props.multiAzDisabledReason!));
    const deletionTags: Record<string, string> = {};
    if (!v.deletionProtection) Object.assign(deletionTags, optOutTag(OPT_OUTS.deletionProtection, props.deletionProtectionDisabledReason!));
    const snapshotTags: Record<string, string> = {};
    if (v.skipFinalSnapshot) Object.assign(snapshotTags, optOutTag(OPT_OUTS.finalSnapshot, props.skipFinalSnapshotReason!));

    // Settings the primary and the replicas share: same key, TLS-only parameters, monitoring, logs.
    const common = {
      engine: 'mysql',
      engineVersion: v.engineVersion,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: props.allowMajorVersionUpgrade === true ? true : undefined,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: keyArn,
      port: v.port,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: this.parameterGroup.name,
      optionGroupName: this.optionGroup.name,
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      copyTagsToSnapshot: true,
      deletionProtection: v.deletionProtection,
      monitoringInterval: v.monitoringIntervalSeconds,
      monitoringRoleArn: this.monitoringRole.arn,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: keyArn,
      performanceInsightsRetentionPeriod: v.performanceInsightsRetentionDays,
      enabledCloudwatchLogsExports: [...RDS_MYSQL_LOG_EXPORTS],
      maintenanceWindow: v.maintenanceWindow,
    };

    // The master password: an ephemeral value (Terraform 1.10+) drawn by Secrets Manager at each run
    // and only written when `masterPasswordVersion` changes, to the primary (`password_wo`) and to
    // the secret (`secret_string_wo`). cdktf 0.21 has no ephemeral block class: it is a stack override.
    const stack = TerraformStack.of(this);
    const ephemeralName = `${name.replace(/-/g, '_')}_master_password`;
    stack.addOverride(`ephemeral.aws_secretsmanager_random_password.${ephemeralName}`, {
      password_length: 40,
      // MySQL master passwords are 8-41 printable ASCII characters without / " @; letters and digits
      // sidestep the rule and the JSON quoting of the secret.
      exclude_punctuation: true,
      include_space: false,
      require_each_included_type: true,
    });
    const passwordRef = `\${ephemeral.aws_secretsmanager_random_password.${ephemeralName}.random_password}`;
    this.masterSecret = new SecretsmanagerSecret(this, 'master-secret', {
      name: `${name}-mysql-master`,
      description: `phi-stack ${name}: MySQL master user (break-glass and migrations; the app uses IAM authentication)`,
      kmsKeyId: keyArn,
      recoveryWindowInDays: v.masterSecretRecoveryWindowDays,
      tags: {
        ...tags,
        'phi-stack:rotation-method': `Secrets Manager every ${MASTER_PASSWORD_ROTATION_DAYS} days through ${rotationFunctionName}. The app is unaffected: it connects with IAM database authentication`,
      },
    });
    const masterSecretValue = new SecretsmanagerSecretVersion(this, 'master-secret-value', {
      secretId: this.masterSecret.id,
      secretStringWo: `{"username":"${v.masterUsername}","password":"${passwordRef}","engine":"mysql","port":${v.port},"dbInstanceIdentifier":"${name}"}`,
      secretStringWoVersion: v.masterPasswordVersion,
    });

    this.primary = new DbInstance(this, 'primary', {
      ...common,
      identifier: name,
      instanceClass: v.instanceClass,
      allocatedStorage: v.allocatedStorageGiB,
      maxAllocatedStorage: v.maxAllocatedStorageGiB,
      multiAz: v.multiAz,
      username: v.masterUsername,
      dbName: props.databaseName,
      // Write-only: sent to RDS when the version changes, never stored in plan or state.
      passwordWo: passwordRef,
      passwordWoVersion: v.masterPasswordVersion,
      backupRetentionPeriod: v.backupRetentionDays,
      backupWindow: v.backupWindow,
      skipFinalSnapshot: v.skipFinalSnapshot,
      finalSnapshotIdentifier: v.skipFinalSnapshot ? undefined : `${name}-final`,
      deleteAutomatedBackups: false,
      dependsOn: [monitoringPolicy, ...logGroupsOf(name, 'primary')],
      tags: { ...tags, ...optOutTags, ...deletionTags, ...snapshotTags, Name: name, 'phi-stack:role': 'primary' },
    });

    // Secrets Manager rotates the master password on a schedule; the function changes it through
    // the RDS API, so it needs no network path to the database.
    this.masterPasswordRotation = new MasterPasswordRotation(this, 'master-rotation', {
      functionName: rotationFunctionName,
      secretArn: this.masterSecret.arn,
      secretId: this.masterSecret.id,
      dbInstanceArn: this.primary.arn,
      keyArn,
      partition: partition.partition,
      region: region.name,
      account: account.accountId,
      rotationDays: MASTER_PASSWORD_ROTATION_DAYS,
      logRetentionDays: v.logRetentionDays,
      tags,
      dependsOn: [this.primary, masterSecretValue],
    });

    // Replicas land in the subnets' AZs in turn; the subnets are looked up so that ids created in the
    // same stack work too.
    const subnetAzs = props.subnetAvailabilityZones ?? props.subnetIds.map((subnetId, i) => new DataAwsSubnet(this, `subnet-${i}`, { id: subnetId }).availabilityZone);
    this.replicas = [];
    for (let i = 0; i < v.readReplicaCount; i++) {
      const identifier = `${name}-replica-${i + 1}`;
      this.replicas.push(
        new DbInstance(this, `replica-${i + 1}`, {
          ...common,
          identifier,
          instanceClass: v.replicaInstanceClass,
          // An ARN, not the identifier: the provider requires one when the replica names a subnet group.
          replicateSourceDb: this.primary.arn,
          availabilityZone: subnetAzs[(i + 1) % subnetAzs.length],
          maxAllocatedStorage: v.maxAllocatedStorageGiB,
          // RDS refuses a final snapshot of a read replica; the primary's backups hold the data.
          skipFinalSnapshot: true,
          dependsOn: [monitoringPolicy, ...logGroupsOf(identifier, `replica-${i + 1}`)],
          tags: { ...tags, ...deletionTags, Name: identifier, 'phi-stack:role': 'read-replica' },
        }),
      );
    }

    this.dbInstanceIdentifier = this.primary.identifier;
    this.dbInstanceArn = this.primary.arn;
    this.dbInstanceEndpoint = this.primary.address;
    this.dbInstancePort = this.primary.port;
    this.replicaIdentifiers = this.replicas.map((r) => r.identifier);
    this.replicaEndpoints = this.replicas.map((r) => r.address);
    this.masterUserSecretArn = this.masterSecret.arn;
    this.iamDatabaseUserName = v.iamDatabaseUserName;
    this.dbResourceIds = [this.primary.resourceId, ...this.replicas.map((r) => r.resourceId)];
    this.securityGroupId = this.securityGroup.id;
    this.kmsKeyArn = keyArn;
  }

  /**
   * Lets `peer` (the web tier) connect on the MySQL port: this database's ingress rule from the
   * peer's security group and the peer's egress rule to this one, both by group reference.
   *
   * ```ts
   * database.allowFrom(web);
   * ```
   */
  public allowFrom(peer: IConnectable, description?: string): void {
    this.connections.allowDefaultPortFrom(peer, description);
  }
}

interface Resolved {
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

function validate(path: string, props: RdsMysqlHaProps): Resolved {
  const fail = (message: string): never => {
    throw new Error(`${path}: ${message}`);
  };
  const intRange = (prop: string, value: number, min: number, max: number, why: string): void => {
    if (known(value) && (!Number.isInteger(value) || value < min || value > max)) fail(`${prop} must be an integer between ${min} and ${max} (got ${value}): ${why}`);
  };
  const reasonFor = (off: boolean, prop: string, reasonProp: string, reason: string | undefined, entry: OptOut): void => {
    const problem = optOutReasonProblem(off, reasonProp, reason, `${prop} is ${prop === 'skipFinalSnapshot' ? 'true' : 'false'}`, entry);
    if (problem) fail(problem);
  };

  if (!Token.isUnresolved(props.name) && (!/^[a-z][a-z0-9-]{1,39}$/.test(props.name) || props.name.includes('--') || props.name.endsWith('-'))) {
    fail(`name must be 2-40 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (got '${props.name}'): it names the DB instances, e.g. 'patients-db'`);
  }
  if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
    fail(`subnetIds must list at least 2 subnets in different Availability Zones (got ${props.subnetIds.length}): pass the data-tier subnets of the VPC`);
  }
  const zonesProblem = subnetAvailabilityZonesProblem(props.subnetIds, props.subnetAvailabilityZones);
  if (zonesProblem) fail(zonesProblem);
  if (props.allowedSecurityGroupIds !== undefined && Token.isUnresolved(props.allowedSecurityGroupIds)) {
    fail('allowedSecurityGroupIds must be an array known at synth time (got an unresolved list): pass the ids one by one, they may be tokens');
  }

  const engineVersion = props.engineVersion ?? DEFAULT_MYSQL_ENGINE_VERSION;
  if (Token.isUnresolved(engineVersion)) {
    fail('engineVersion must be known at synth time (got a token): the parameter group family and the option group version are derived from it');
  }
  const majorVersion = mysqlMajorVersion(engineVersion);
  if (majorVersion === undefined) {
    fail(
      `engineVersion must be MySQL 8.4 (8.4 or 8.4.x) or, for a stack not upgraded yet, 8.0 (8.0 or 8.0.x with x >= ${MIN_AUDIT_PLUGIN_MINOR_80}) (got '${engineVersion}'): use '${DEFAULT_MYSQL_ENGINE_VERSION}'; the MariaDB audit plugin needs 8.0.${MIN_AUDIT_PLUGIN_MINOR_80}+ and 8.0 is billed for RDS Extended Support`,
    );
  }
  const instanceClass = props.instanceClass ?? 'db.m6g.large';
  const replicaInstanceClass = props.replicaInstanceClass ?? instanceClass;
  for (const [prop, value] of [['instanceClass', instanceClass], ['replicaInstanceClass', replicaInstanceClass]] as const) {
    if (known(value) && !/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(value)) fail(`${prop} must be an RDS instance class like db.m6g.large (got '${value}')`);
    if (known(value) && /^db\.t[234]g?\.micro$/.test(value)) fail(`${prop} must support Performance Insights and Multi-AZ at production scale (got '${value}'): use db.t4g.medium or larger`);
  }

  const port = props.port ?? 3306;
  intRange('port', port, 1150, 65535, 'RDS MySQL ports are 1150-65535');
  const allocatedStorageGiB = props.allocatedStorageGiB ?? 100;
  intRange('allocatedStorageGiB', allocatedStorageGiB, ALLOCATED_STORAGE_GIB.min, ALLOCATED_STORAGE_GIB.max, ALLOCATED_STORAGE_GIB.why);
  const maxAllocatedStorageGiB = props.maxAllocatedStorageGiB ?? Math.min(MAX_ALLOCATED_STORAGE_GIB.max, Math.max(1000, allocatedStorageGiB * 2));
  intRange('maxAllocatedStorageGiB', maxAllocatedStorageGiB, MAX_ALLOCATED_STORAGE_GIB.min, MAX_ALLOCATED_STORAGE_GIB.max, MAX_ALLOCATED_STORAGE_GIB.why);
  const storageProblem = known(maxAllocatedStorageGiB) && known(allocatedStorageGiB) ? maxAllocatedStorageProblem('allocatedStorageGiB', allocatedStorageGiB, 'maxAllocatedStorageGiB', maxAllocatedStorageGiB) : undefined;
  if (storageProblem) fail(storageProblem);

  const masterUsername = props.masterUsername ?? 'phiadmin';
  if (known(masterUsername) && (!/^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(masterUsername) || RESERVED_USERNAMES.includes(masterUsername.toLowerCase()))) {
    fail(`masterUsername must be 1-16 letters, digits or underscores, start with a letter and not be reserved by RDS (got '${masterUsername}')`);
  }
  const masterPasswordVersion = props.masterPasswordVersion ?? 1;
  if (Token.isUnresolved(masterPasswordVersion) || !Number.isInteger(masterPasswordVersion) || masterPasswordVersion < 1) {
    fail(`masterPasswordVersion must be a positive integer known at synth time (got ${masterPasswordVersion}): raise it by one to rotate the master password`);
  }
  const masterSecretRecoveryWindowDays = props.masterSecretRecoveryWindowDays ?? 30;
  intRange('masterSecretRecoveryWindowDays', masterSecretRecoveryWindowDays, 7, 30, 'a deleted master secret stays recoverable for at least a week');
  const iamDatabaseUserName = props.iamDatabaseUserName ?? 'app';
  if (Token.isUnresolved(iamDatabaseUserName) || !/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(iamDatabaseUserName) || RESERVED_USERNAMES.includes(iamDatabaseUserName.toLowerCase())) {
    fail(`iamDatabaseUserName must be 1-32 letters, digits or underscores, start with a letter and not be reserved by RDS (got '${iamDatabaseUserName}'): it ends the rds-db:connect resource ARN`);
  }
  if (known(masterUsername) && iamDatabaseUserName === masterUsername) {
    fail(`iamDatabaseUserName must differ from masterUsername (got '${iamDatabaseUserName}' for both): the app gets its own least-privilege user`);
  }
  if (props.databaseName !== undefined && known(props.databaseName) && !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(props.databaseName)) {
    fail(`databaseName must be 1-64 letters, digits or underscores starting with a letter (got '${props.databaseName}')`);
  }

  const multiAz = props.multiAz ?? true;
  reasonFor(!multiAz, 'multiAz', 'multiAzDisabledReason', props.multiAzDisabledReason, OPT_OUTS.multiAz);
  const deletionProtection = props.deletionProtection ?? true;
  reasonFor(!deletionProtection, 'deletionProtection', 'deletionProtectionDisabledReason', props.deletionProtectionDisabledReason, OPT_OUTS.deletionProtection);
  const skipFinalSnapshot = props.skipFinalSnapshot ?? false;
  reasonFor(skipFinalSnapshot, 'skipFinalSnapshot', 'skipFinalSnapshotReason', props.skipFinalSnapshotReason, OPT_OUTS.finalSnapshot);

  const backupRetentionDays = props.backupRetentionDays ?? 35;
  intRange('backupRetentionDays', backupRetentionDays, 7, 35, 'PHI needs at least a week of point-in-time recovery and RDS keeps at most 35 days');
  const backupWindow = props.backupWindow ?? '03:00-04:00';
  if (known(backupWindow) && !/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(backupWindow)) {
    fail(`backupWindow must be a UTC range hh:mm-hh:mm (got '${backupWindow}'), e.g. '03:00-04:00'`);
  }
  const maintenanceWindow = props.maintenanceWindow ?? 'sun:04:30-sun:05:30';
  if (known(maintenanceWindow) && !/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/.test(maintenanceWindow)) {
    fail(`maintenanceWindow must be a UTC range ddd:hh:mm-ddd:hh:mm (got '${maintenanceWindow}'), e.g. 'sun:04:30-sun:05:30'`);
  }

  const readReplicaCount = props.readReplicaCount ?? 1;
  if (Token.isUnresolved(readReplicaCount)) fail('readReplicaCount must be a number known at synth time (got a token): each replica is its own resource');
  const replicaProblem = integerProblem('readReplicaCount', readReplicaCount, READ_REPLICA_COUNT);
  if (replicaProblem) fail(replicaProblem);

  const monitoringIntervalSeconds = props.monitoringIntervalSeconds ?? 60;
  if (known(monitoringIntervalSeconds) && !MONITORING_INTERVALS.includes(monitoringIntervalSeconds)) {
    fail(`monitoringIntervalSeconds must be one of ${MONITORING_INTERVALS.join(', ')} (got ${monitoringIntervalSeconds}): enhanced monitoring stays on`);
  }
  const performanceInsightsRetentionDays = props.performanceInsightsRetentionDays ?? 7;
  const pi = performanceInsightsRetentionDays;
  if (known(pi) && !(pi === 7 || pi === 731 || (Number.isInteger(pi) && pi % 31 === 0 && pi >= 31 && pi <= 713))) {
    fail(`performanceInsightsRetentionDays must be 7, a multiple of 31 up to 713, or 731 (got ${pi})`);
  }
  const logRetentionDays = props.logRetentionDays ?? 365;
  if (known(logRetentionDays) && logRetentionProblem('logRetentionDays', logRetentionDays)) {
    fail(logRetentionProblem('logRetentionDays', logRetentionDays)!);
  }
  const auditEvents = props.auditEvents ?? ['CONNECT', 'QUERY_DDL', 'QUERY_DCL'];
  const unknownEvents = auditEvents.filter((e) => !(RDS_MYSQL_AUDIT_EVENTS as readonly string[]).includes(e));
  if (auditEvents.length === 0 || unknownEvents.length > 0) {
    fail(`auditEvents must list 1 or more of ${RDS_MYSQL_AUDIT_EVENTS.join(', ')} (got [${auditEvents.join(', ')}])`);
  }
  const slowQueryThresholdSeconds = props.slowQueryThresholdSeconds ?? 2;
  if (known(slowQueryThresholdSeconds) && !(slowQueryThresholdSeconds > 0 && slowQueryThresholdSeconds <= 3600)) {
    fail(`slowQueryThresholdSeconds must be more than 0 and at most 3600 (got ${slowQueryThresholdSeconds})`);
  }
  const overridden = Object.keys(props.parameters ?? {}).filter((key) => ['require_secure_transport', 'log_output', 'slow_query_log', 'general_log', 'long_query_time'].includes(key));
  if (overridden.length > 0) {
    fail(`parameters must not set ${overridden.join(', ')} (got ${overridden.map((k) => `${k}=${props.parameters![k]}`).join(', ')}): TLS and logging are managed by the construct, use generalLogEnabled and slowQueryThresholdSeconds`);
  }

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
