import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Connections, IConnectable, IKmsKey, logRetentionProblem, IntegerLimit, kmsKeyProblem, OPT_OUTS, optOutReasonProblem, optOutTag, stackEnvironment, subnetAvailabilityZonesProblem } from '@phi-stack/constructs-core';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';

/** The Redis logs delivered to CloudWatch Logs. */

/** Range of `replicasPerNodeGroup`. */
export const REPLICAS_PER_NODE_GROUP: IntegerLimit = { min: 1, max: 5, why: 'automatic failover needs at least one replica per shard and ElastiCache allows 5' };

export const REDIS_LOG_TYPES = ['slow-log', 'engine-log'] as const;

/** Retention values CloudWatch Logs accepts, in days. */

/** Snapshot retention below this needs a stated reason. */
export const REDIS_MIN_SNAPSHOT_RETENTION_DAYS = 15;

/**
 * Default access string of the app's IAM-authenticated user: every key, every command but the
 * dangerous ones (FLUSHALL, KEYS, CONFIG, DEBUG, ...).
 */
export const REDIS_DEFAULT_APP_ACCESS_STRING = 'on ~* +@all -@dangerous';

/** Access string of the replacement `default` user: switched off, no command, no key. */
const DISABLED_ACCESS_STRING = 'off ~* -@all';

/** Parameters the construct owns. */
const OWNED_PARAMETERS = ['cluster-enabled'];

export interface RedisPhiProps {
  /**
   * Base of every resource name (replication group id, groups, secret, log groups): lowercase letters,
   * digits and single hyphens, 2-34 characters, starting with a letter. Two instances need two names.
   */
  readonly name: string;
  /** VPC of the data-tier subnets. */
  readonly vpcId: string;
  /** Data-tier subnets of the cache subnet group: at least two, in different Availability Zones. */
  readonly subnetIds: string[];
  /**
   * The Availability Zone of each subnet in `subnetIds`, in the same order (the VPC's
   * `availabilityZones` for its `dataSubnetIds`). Given, the construct places its nodes without a
   * `data.aws_subnet` lookup, so a first plan shows their zones instead of "known after apply".
   * @default - each subnet's zone is looked up with `data.aws_subnet`
   */
  readonly subnetAvailabilityZones?: string[];
  /**
   * Security groups allowed to connect on the Redis port, by id. Prefer `cache.allowFrom(web)`,
   * which also opens the peer's egress. Between the two, at least one group must be admitted.
   * @default - none; call `allowFrom`
   */
  readonly allowedSecurityGroupIds?: string[];
  /**
   * Customer-managed key for at-rest encryption and the log groups.
   * @default - a key with rotation created for this cache
   */
  readonly kmsKey?: IKmsKey;
  /**
   * Redis engine version, 7.x (IAM authentication needs Redis OSS 7.0 or later). A major.minor
   * version lets patch versions upgrade automatically.
   * @default '7.1'
   */
  readonly engineVersion?: string;
  /**
   * Node type of every node.
   * @default 'cache.r7g.large'
   */
  readonly nodeType?: string;
  /**
   * Port Redis listens on. A non-default port keeps generic scanners off; clients read it from the outputs.
   * @default 6379
   */
  readonly port?: number;
  /**
   * Cluster mode (data sharded over `numNodeGroups` shards). Off: one shard with `replicasPerNodeGroup` replicas.
   * @default false
   */
  readonly clusterMode?: boolean;
  /**
   * Shards, only with `clusterMode` (1-500).
   * @default 1
   */
  readonly numNodeGroups?: number;
  /**
   * Replicas of each primary (1-5): at least one, so that a node can fail over to another AZ.
   * @default 1
   */
  readonly replicasPerNodeGroup?: number;
  /**
   * Place the nodes in different AZs and fail over across them.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Why `multiAz` is off. Required when `multiAz` is false; lands in the `phi-stack:opt-out:multi-az` tag.
   * @default - none
   */
  readonly multiAzDisabledReason?: string;
  /**
   * Days automatic snapshots are kept (1-35).
   * @default 15
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Why snapshots are kept fewer than 15 days. Required then; lands in the `phi-stack:opt-out:snapshot-retention` tag.
   * @default - none
   */
  readonly snapshotRetentionReducedReason?: string;
  /**
   * Daily snapshot window, UTC, `hh:mm-hh:mm`, at least an hour, clear of the maintenance window.
   * @default '03:00-05:00'
   */
  readonly snapshotWindow?: string;
  /**
   * Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`.
   * @default 'sun:05:30-sun:06:30'
   */
  readonly maintenanceWindow?: string;
  /**
   * Retention of the slow-log and engine-log groups, in days (a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Redis ACL access string of the app's IAM-authenticated user.
   * @default 'on ~* +@all -@dangerous'
   */
  readonly appAccessString?: string;
  /**
   * Extra parameters of the `redis7` parameter group, e.g. `{ 'maxmemory-policy': 'volatile-lru' }`.
   * `cluster-enabled` follows `clusterMode`.
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
 * Redis 7 on ElastiCache for PHI: a replication group of at least two nodes in different AZs with
 * automatic failover, at-rest encryption with a customer-managed key, TLS required, RBAC with IAM
 * authentication (no password anywhere: the app signs a 15-minute token with its role; the
 * built-in `default` user is replaced by a switched-off one), snapshots for 15 days, and slow and
 * engine logs in encrypted log groups.
 */
export class RedisPhi extends Construct implements IConnectable {
  /** The cache's security group as a peer: `cache.allowFrom(web)`, or `connections.allowFrom(peer, port)`. */
  public readonly connections: Connections;
  /** The key of at-rest encryption and the log groups. */
  public readonly kmsKey: IKmsKey;
  /** The replication group: the primary and its replicas. */
  public readonly replicationGroup: ElasticacheReplicationGroup;
  /** The security group of the nodes. */
  public readonly securityGroup: SecurityGroup;
  /** The cache subnet group over the data subnets. */
  public readonly subnetGroup: ElasticacheSubnetGroup;
  /** The parameter group (`parameters`, cluster mode). */
  public readonly parameterGroup: ElasticacheParameterGroup;
  /** The app's user: authentication mode `iam`, user id = user name (an IAM authentication requirement). */
  public readonly appUser: ElasticacheUser;
  /** The switched-off replacement of the built-in `default` user (every user group needs a `default`). */
  public readonly defaultUser: ElasticacheUser;
  /** The user group of the replication group: `default` (off) and the app user. */
  public readonly userGroup: ElasticacheUserGroup;
  /** Log groups keyed by log type (`slow-log`, `engine-log`). */
  public readonly logGroups: Record<string, CloudwatchLogGroup>;

  /** Id of the replication group. */
  public readonly replicationGroupId: string;
  /** ARN of the replication group. */
  public readonly replicationGroupArn: string;
  /** Host name clients write to: the primary endpoint, or the configuration endpoint in cluster mode. */
  public readonly primaryEndpointAddress: string;
  /** Host name of the read-only endpoint (the configuration endpoint in cluster mode). */
  public readonly readerEndpointAddress: string;
  /** Port of the endpoints. */
  public readonly port: number;
  /** Id (and name) of the app's IAM-authenticated user: the user of `AUTH`/`HELLO` with an IAM token. */
  public readonly appUserId: string;
  /** ARN of the app's user, for `elasticache:Connect`. */
  public readonly appUserArn: string;
  /** Id of the nodes' security group. */
  public readonly securityGroupId: string;
  /** ARN of the key. */
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: RedisPhiProps) {
    super(scope, id);
    const keyProblem = kmsKeyProblem('kmsKey', props.kmsKey);
    if (keyProblem) throw new Error(`${this.node.path}: ${keyProblem}`);
    const v = validate(this.node.path, props);
    const name = props.name;
    const tags = props.tags ?? {};

    const { partition, region, callerIdentity: account } = stackEnvironment(this);
    const logGroupPrefix = `/aws/elasticache/${name}`;

    if (props.kmsKey) {
      this.kmsKey = props.kmsKey;
    } else {
      const policy = new DataAwsIamPolicyDocument(this, 'key-policy', {
        statement: [
          {
            // Delegates key administration and use to IAM policies of this account only (ElastiCache
            // uses the key on behalf of the account's principals through grants).
            sid: 'AccountIamPolicies',
            principals: [{ type: 'AWS', identifiers: [`arn:${partition.partition}:iam::${account.accountId}:root`] }],
            actions: ['kms:*'],
            resources: ['*'],
          },
          {
            // CloudWatch Logs encrypts the delivered logs itself; only this cache's log groups.
            sid: 'CloudWatchLogsForThisCache',
            principals: [{ type: 'Service', identifiers: [`logs.${region.name}.amazonaws.com`] }],
            actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            resources: ['*'],
            condition: [
              {
                test: 'ArnLike',
                variable: 'kms:EncryptionContext:aws:logs:arn',
                values: [`arn:${partition.partition}:logs:${region.name}:${account.accountId}:log-group:${logGroupPrefix}/*`],
              },
            ],
          },
        ],
      });
      this.kmsKey = new KmsKey(this, 'key', {
        description: `phi-stack ${name}: ElastiCache Redis at rest and logs`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policy.json,
        tags,
      });
      new KmsAlias(this, 'key-alias', { name: `alias/${name}-redis`, targetKeyId: this.kmsKey.keyId });
    }
    const keyArn = this.kmsKey.arn;

    this.subnetGroup = new ElasticacheSubnetGroup(this, 'subnet-group', {
      name,
      description: `phi-stack ${name}: Redis data-tier subnets`,
      subnetIds: props.subnetIds,
      tags,
    });
    // Terraform removes the default allow-all egress rule of a new group: Redis opens no connections.
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${name}-redis`,
      description: `phi-stack ${name}: Redis from the allowed security groups only`,
      vpcId: props.vpcId,
      tags: { ...tags, Name: `${name}-redis` },
    });
    const allowedGroupIds = props.allowedSecurityGroupIds ?? [];
    allowedGroupIds.forEach((groupId, i) => {
      new VpcSecurityGroupIngressRule(this, `ingress-${i}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: groupId,
        ipProtocol: 'tcp',
        fromPort: v.port,
        toPort: v.port,
        description: 'Redis over TLS from an allowed security group',
        tags,
      });
    });
    this.connections = new Connections({
      scope: this,
      securityGroupId: this.securityGroup.id,
      name: 'redis',
      defaultPort: v.port,
      firstIngressIndex: allowedGroupIds.length,
      ingressDescription: 'Redis over TLS from an allowed security group',
      tags,
    });
    // Checked at synth, after every allowFrom call: a cache nothing may reach is a mistake.
    this.node.addValidation({
      validate: () =>
        this.connections.ingressRuleCount === 0
          ? [`no security group may connect to the cache (allowedSecurityGroupIds is empty and allowFrom was never called): call cache.allowFrom(web) with the tier that uses the cache`]
          : [],
    });

    const parameters: Record<string, string> = { ...(props.parameters ?? {}), 'cluster-enabled': v.clusterMode ? 'yes' : 'no' };
    this.parameterGroup = new ElasticacheParameterGroup(this, 'parameter-group', {
      name: `${name}-redis7`,
      family: 'redis7',
      description: `phi-stack ${name}: Redis 7 ${v.clusterMode ? 'cluster mode' : 'single shard'}`,
      parameter: Object.keys(parameters)
        .sort()
        .map((key) => ({ name: key, value: parameters[key] })),
      tags,
    });

    this.logGroups = {};
    for (const logType of REDIS_LOG_TYPES) {
      this.logGroups[logType] = new CloudwatchLogGroup(this, `log-${logType}`, {
        name: `${logGroupPrefix}/${logType}`,
        kmsKeyId: keyArn,
        retentionInDays: v.logRetentionDays,
        tags,
      });
    }

    // RBAC with IAM authentication: no password exists. The app's role signs a short-lived token
    // (SigV4, 15 minutes) for its user; ElastiCache requires user id == user name for IAM users.
    // Every Redis user group needs a user named `default`: the built-in one (no password, all
    // commands) is replaced by a switched-off one of this construct.
    this.defaultUser = new ElasticacheUser(this, 'default-user', {
      userId: `${name}-default`,
      userName: 'default',
      engine: 'redis',
      accessString: DISABLED_ACCESS_STRING,
      // `no_password_required`, not `authentication_mode { type = "no-password-required" }`:
      // ElastiCache reports that type back as `no-password`, which the block would plan to change.
      noPasswordRequired: true,
      tags,
    });
    this.appUser = new ElasticacheUser(this, 'app-user', {
      userId: `${name}-app`,
      userName: `${name}-app`,
      engine: 'redis',
      accessString: v.appAccessString,
      authenticationMode: { type: 'iam' },
      tags,
    });
    this.userGroup = new ElasticacheUserGroup(this, 'user-group', {
      userGroupId: `${name}-users`,
      engine: 'redis',
      userIds: [this.defaultUser.userId, this.appUser.userId],
      tags,
    });

    const subnetAzs = props.subnetAvailabilityZones ?? props.subnetIds.map((subnetId, i) => new DataAwsSubnet(this, `subnet-${i}`, { id: subnetId }).availabilityZone);
    const optOutTags: Record<string, string> = {};
    if (!v.multiAz) Object.assign(optOutTags, optOutTag(OPT_OUTS.multiAz, props.multiAzDisabledReason!));
    if (v.snapshotRetentionDays < REDIS_MIN_SNAPSHOT_RETENTION_DAYS) Object.assign(optOutTags, optOutTag(OPT_OUTS.snapshotRetention, props.snapshotRetentionReducedReason!));

    const nodeCount = 1 + v.replicasPerNodeGroup;
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'replication-group', {
      replicationGroupId: name,
      description: `phi-stack ${name}: Redis for sessions and cached PHI`,
      engine: 'redis',
      engineVersion: v.engineVersion,
      autoMinorVersionUpgrade: 'true',
      nodeType: v.nodeType,
      port: v.port,
      parameterGroupName: this.parameterGroup.name,
      subnetGroupName: this.subnetGroup.name,
      securityGroupIds: [this.securityGroup.id],
      ...(v.clusterMode
        ? { clusterMode: 'enabled', numNodeGroups: v.numNodeGroups, replicasPerNodeGroup: v.replicasPerNodeGroup }
        : {
            clusterMode: 'disabled',
            numCacheClusters: nodeCount,
            // The primary and each replica in the subnets' AZs in turn.
            preferredCacheClusterAzs: Array.from({ length: nodeCount }, (_, i) => subnetAzs[i % subnetAzs.length]),
          }),
      automaticFailoverEnabled: true,
      multiAzEnabled: v.multiAz,
      atRestEncryptionEnabled: 'true',
      kmsKeyId: keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [this.userGroup.userGroupId],
      snapshotRetentionLimit: v.snapshotRetentionDays,
      snapshotWindow: v.snapshotWindow,
      maintenanceWindow: v.maintenanceWindow,
      finalSnapshotIdentifier: `${name}-final`,
      logDeliveryConfiguration: REDIS_LOG_TYPES.map((logType) => ({
        destination: this.logGroups[logType].name,
        destinationType: 'cloudwatch-logs',
        logFormat: 'json',
        logType,
      })),
      tags: { ...tags, ...optOutTags, Name: name },
    });

    this.replicationGroupId = this.replicationGroup.id;
    this.replicationGroupArn = this.replicationGroup.arn;
    this.primaryEndpointAddress = v.clusterMode ? this.replicationGroup.configurationEndpointAddress : this.replicationGroup.primaryEndpointAddress;
    this.readerEndpointAddress = v.clusterMode ? this.replicationGroup.configurationEndpointAddress : this.replicationGroup.readerEndpointAddress;
    this.port = v.port;
    this.appUserId = this.appUser.userId;
    this.appUserArn = this.appUser.arn;
    this.securityGroupId = this.securityGroup.id;
    this.kmsKeyArn = keyArn;
  }

  /**
   * Lets `peer` (the web tier) connect on the Redis port: this cache's ingress rule from the
   * peer's security group and the peer's egress rule to this one, both by group reference.
   *
   * ```ts
   * cache.allowFrom(web);
   * ```
   */
  public allowFrom(peer: IConnectable, description?: string): void {
    this.connections.allowDefaultPortFrom(peer, description);
  }
}

interface Resolved {
  engineVersion: string;
  nodeType: string;
  port: number;
  clusterMode: boolean;
  numNodeGroups: number;
  replicasPerNodeGroup: number;
  multiAz: boolean;
  snapshotRetentionDays: number;
  snapshotWindow: string;
  maintenanceWindow: string;
  logRetentionDays: number;
  appAccessString: string;
}

const known = (value: unknown): boolean => value !== undefined && !Token.isUnresolved(value);

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function validate(path: string, props: RedisPhiProps): Resolved {
  const fail = (message: string): never => {
    throw new Error(`${path}: ${message}`);
  };
  const concreteInt = (prop: string, value: number, min: number, max: number, why: string): void => {
    if (Token.isUnresolved(value)) fail(`${prop} must be a number known at synth time (got a token): it sizes the replication group`);
    if (!Number.isInteger(value) || value < min || value > max) fail(`${prop} must be between ${min} and ${max} (got ${value}): ${why}`);
  };

  if (!Token.isUnresolved(props.name) && (!/^[a-z][a-z0-9-]{1,33}$/.test(props.name) || props.name.includes('--') || props.name.endsWith('-'))) {
    fail(`name must be 2-34 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (got '${props.name}'): it is the replication group id, e.g. 'sessions'`);
  }
  if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
    fail(`subnetIds must list at least 2 subnets in different Availability Zones (got ${props.subnetIds.length}): pass the data-tier subnets of the VPC`);
  }
  const zonesProblem = subnetAvailabilityZonesProblem(props.subnetIds, props.subnetAvailabilityZones);
  if (zonesProblem) fail(zonesProblem);
  if (props.allowedSecurityGroupIds !== undefined && Token.isUnresolved(props.allowedSecurityGroupIds)) {
    fail('allowedSecurityGroupIds must be an array known at synth time (got an unresolved list): pass the ids one by one, they may be tokens');
  }

  const engineVersion = props.engineVersion ?? '7.1';
  if (known(engineVersion) && !/^7\.\d+$/.test(engineVersion)) {
    fail(`engineVersion must be a Redis 7 version like 7.1 (got '${engineVersion}'): the parameter group is built for the redis7 family`);
  }
  const nodeType = props.nodeType ?? 'cache.r7g.large';
  if (known(nodeType) && !/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(nodeType)) fail(`nodeType must be an ElastiCache node type like cache.r7g.large (got '${nodeType}')`);
  if (known(nodeType) && /^cache\.t[12]\./.test(nodeType)) fail(`nodeType must support encryption at rest and in transit (got '${nodeType}'): use cache.t3 or newer`);

  const port = props.port ?? 6379;
  if (known(port) && (!Number.isInteger(port) || port < 1024 || port > 65535)) fail(`port must be between 1024 and 65535 (got ${port}): ElastiCache accepts unprivileged ports only`);

  const clusterMode = props.clusterMode ?? false;
  const numNodeGroups = props.numNodeGroups ?? 1;
  concreteInt('numNodeGroups', numNodeGroups, 1, 500, 'ElastiCache Redis supports 1-500 shards');
  if (!clusterMode && numNodeGroups !== 1) fail(`numNodeGroups must be 1 unless clusterMode is true (got ${numNodeGroups}): set clusterMode: true to shard the data`);
  const replicasPerNodeGroup = props.replicasPerNodeGroup ?? 1;
  concreteInt('replicasPerNodeGroup', replicasPerNodeGroup, REPLICAS_PER_NODE_GROUP.min, REPLICAS_PER_NODE_GROUP.max, REPLICAS_PER_NODE_GROUP.why);

  const multiAz = props.multiAz ?? true;
  const multiAzReason = optOutReasonProblem(!multiAz, 'multiAzDisabledReason', props.multiAzDisabledReason, 'multiAz is false', OPT_OUTS.multiAz);
  if (multiAzReason) fail(multiAzReason);

  const snapshotRetentionDays = props.snapshotRetentionDays ?? REDIS_MIN_SNAPSHOT_RETENTION_DAYS;
  if (known(snapshotRetentionDays)) {
    if (!Number.isInteger(snapshotRetentionDays) || snapshotRetentionDays < 1 || snapshotRetentionDays > 35) {
      fail(`snapshotRetentionDays must be between 1 and 35 (got ${snapshotRetentionDays}): cached PHI must be restorable, 0 would turn snapshots off`);
    }
    const retentionReason = optOutReasonProblem(
      snapshotRetentionDays < REDIS_MIN_SNAPSHOT_RETENTION_DAYS,
      'snapshotRetentionReducedReason',
      props.snapshotRetentionReducedReason,
      `snapshotRetentionDays is ${snapshotRetentionDays}, below ${REDIS_MIN_SNAPSHOT_RETENTION_DAYS}`,
      OPT_OUTS.snapshotRetention,
    );
    if (retentionReason) fail(retentionReason);
  }
  const hhmm = '([01]\\d|2[0-3]):[0-5]\\d';
  const snapshotWindow = props.snapshotWindow ?? '03:00-05:00';
  if (known(snapshotWindow)) {
    if (!new RegExp(`^${hhmm}-${hhmm}$`).test(snapshotWindow)) fail(`snapshotWindow must be a UTC range hh:mm-hh:mm (got '${snapshotWindow}'), e.g. '03:00-05:00'`);
    const [start, end] = snapshotWindow.split('-').map(minutesOf);
    if ((end - start + 1440) % 1440 < 60) fail(`snapshotWindow must last at least 60 minutes (got '${snapshotWindow}'): ElastiCache needs an hour to snapshot`);
  }
  const maintenanceWindow = props.maintenanceWindow ?? 'sun:05:30-sun:06:30';
  const day = '(mon|tue|wed|thu|fri|sat|sun)';
  if (known(maintenanceWindow) && !new RegExp(`^${day}:${hhmm}-${day}:${hhmm}$`).test(maintenanceWindow)) {
    fail(`maintenanceWindow must be a UTC range ddd:hh:mm-ddd:hh:mm (got '${maintenanceWindow}'), e.g. 'sun:05:30-sun:06:30'`);
  }
  if (known(maintenanceWindow) && known(snapshotWindow)) {
    const overlap = windowsOverlap(snapshotWindow, maintenanceWindow);
    if (overlap === 'short') fail(`maintenanceWindow must last at least 60 minutes (got '${maintenanceWindow}'): ElastiCache refuses a shorter one`);
    if (overlap) {
      fail(`snapshotWindow '${snapshotWindow}' overlaps maintenanceWindow '${maintenanceWindow}' on ${overlap}: ElastiCache refuses overlapping windows (InvalidParameterCombination); move one of them`);
    }
  }
  const logRetentionDays = props.logRetentionDays ?? 365;
  if (known(logRetentionDays) && logRetentionProblem('logRetentionDays', logRetentionDays)) {
    fail(logRetentionProblem('logRetentionDays', logRetentionDays)!);
  }
  const appAccessString = props.appAccessString ?? REDIS_DEFAULT_APP_ACCESS_STRING;
  if (known(appAccessString) && (!/^on(\s|$)/.test(appAccessString.trim()) || /(^|\s)nopass(\s|$)/.test(appAccessString) || /(^|\s)[>#]/.test(appAccessString))) {
    fail(`appAccessString must start with 'on' and set no password ('nopass', '>' or '#') (got '${appAccessString}'): the app user authenticates with IAM tokens only, e.g. '${REDIS_DEFAULT_APP_ACCESS_STRING}'`);
  }
  const owned = Object.keys(props.parameters ?? {}).filter((key) => OWNED_PARAMETERS.includes(key));
  if (owned.length > 0) fail(`parameters must not set ${owned.join(', ')} (got ${owned.map((k) => `${k}=${props.parameters![k]}`).join(', ')}): use clusterMode`);

  return {
    engineVersion,
    nodeType,
    port,
    clusterMode,
    numNodeGroups,
    replicasPerNodeGroup,
    multiAz,
    snapshotRetentionDays,
    snapshotWindow,
    maintenanceWindow,
    logRetentionDays,
    appAccessString,
  };
}

const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEK = 7 * 1440;

/**
 * Where a daily snapshot window (`hh:mm-hh:mm`) and a weekly maintenance window
 * (`ddd:hh:mm-ddd:hh:mm`) overlap, both in UTC and either may wrap: the day of the first shared
 * minute, `'short'` for a maintenance window under an hour, or undefined when they are clear.
 */
export function windowsOverlap(snapshotWindow: string, maintenanceWindow: string): string | 'short' | undefined {
  const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const [from, to] = maintenanceWindow.split('-');
  const mStart = WEEK_DAYS.indexOf(from.slice(0, 3)) * 1440 + minutes(from.slice(4));
  const mLength = (WEEK_DAYS.indexOf(to.slice(0, 3)) * 1440 + minutes(to.slice(4)) - mStart + WEEK) % WEEK;
  if (mLength < 60) return 'short';
  const [sFrom, sTo] = snapshotWindow.split('-').map(minutes);
  const sLength = (sTo - sFrom + 1440) % 1440;
  for (let d = 0; d < 7; d++) {
    const sStart = d * 1440 + sFrom;
    // Two intervals on a circle of one week overlap when either starts inside the other.
    const inside = (point: number, start: number, length: number) => (point - start + WEEK) % WEEK < length;
    if (inside(sStart, mStart, mLength)) return WEEK_DAYS[d];
    if (inside(mStart, sStart, sLength)) return WEEK_DAYS[Math.floor(mStart / 1440)];
  }
  return undefined;
}
