import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Connections, IConnectable, IKmsKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { redisPhiContext } from './context';
import { createEncryptionKey } from './encryption-key';
import { createLogGroups, createParameterGroup } from './engine-settings';
import { createNetwork } from './network';
import { RedisPhiProps } from './props';
import { createReplicationGroup } from './replication-group';
import { createUsers } from './users';
import { validateRedisPhi } from './validation';

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
  public readonly replicationGroupPrimaryEndpointAddress: string;
  /** Host name of the read-only endpoint (the configuration endpoint in cluster mode). */
  public readonly replicationGroupReaderEndpointAddress: string;
  /** Port of the endpoints (a number known at synth, the `port` prop). */
  public readonly replicationGroupPort: number;
  /** Id (and name) of the app's IAM-authenticated user: the user of `AUTH`/`HELLO` with an IAM token. */
  public readonly appUserId: string;
  /** ARN of the app's user, for `elasticache:Connect`. */
  public readonly appUserArn: string;
  /** Id of the nodes' security group. */
  public readonly securityGroupId: string;
  /** ARN of the key. */
  public readonly kmsKeyArn: string;

  /** @deprecated use `replicationGroupPrimaryEndpointAddress` (the `<resource><Attribute>` scheme of CONTRIBUTING.md); goes in the next major version. */
  public get primaryEndpointAddress(): string {
    return this.replicationGroupPrimaryEndpointAddress;
  }
  /** @deprecated use `replicationGroupReaderEndpointAddress`; goes in the next major version. */
  public get readerEndpointAddress(): string {
    return this.replicationGroupReaderEndpointAddress;
  }
  /** @deprecated use `replicationGroupPort`; goes in the next major version. */
  public get port(): number {
    return this.replicationGroupPort;
  }

  constructor(scope: Construct, id: string, props: RedisPhiProps) {
    super(scope, id);
    // Every resource is created at this construct's scope, under the id it has always had, so
    // that the resource families below leave every Terraform address unchanged.
    const settings = validateRedisPhi(this.node.path, props);
    const ctx = redisPhiContext(this, props, settings);

    const kmsKey = createEncryptionKey(this, ctx);
    const { subnetGroup, securityGroup, connections } = createNetwork(this, ctx);
    const parameterGroup = createParameterGroup(this, ctx);
    const logGroups = createLogGroups(this, ctx, kmsKey.arn);
    const { defaultUser, appUser, userGroup } = createUsers(this, ctx);
    const replicationGroup = createReplicationGroup(this, ctx, { keyArn: kmsKey.arn, subnetGroup, securityGroup, parameterGroup, userGroup, logGroups });

    this.kmsKey = kmsKey;
    this.subnetGroup = subnetGroup;
    this.securityGroup = securityGroup;
    this.connections = connections;
    this.parameterGroup = parameterGroup;
    this.logGroups = logGroups;
    this.defaultUser = defaultUser;
    this.appUser = appUser;
    this.userGroup = userGroup;
    this.replicationGroup = replicationGroup;
    this.replicationGroupId = replicationGroup.id;
    this.replicationGroupArn = replicationGroup.arn;
    this.replicationGroupPrimaryEndpointAddress = settings.clusterMode ? replicationGroup.configurationEndpointAddress : replicationGroup.primaryEndpointAddress;
    this.replicationGroupReaderEndpointAddress = settings.clusterMode ? replicationGroup.configurationEndpointAddress : replicationGroup.readerEndpointAddress;
    this.replicationGroupPort = settings.port;
    this.appUserId = appUser.userId;
    this.appUserArn = appUser.arn;
    this.securityGroupId = securityGroup.id;
    this.kmsKeyArn = kmsKey.arn;
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
