import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbOptionGroup } from '@cdktf/provider-aws/lib/db-option-group';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Connections, IConnectable, IKmsKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { rdsMysqlHaContext } from './context';
import { createEncryptionKey } from './encryption-key';
import { createEngineGroups } from './engine-groups';
import { sharedInstanceSettings } from './instance-settings';
import { instanceLogGroups } from './log-groups';
import { createMasterRotation, createMasterSecret } from './master-secret';
import { createMonitoring } from './monitoring';
import { createNetwork } from './network';
import { createPrimary } from './primary';
import { RdsMysqlHaProps } from './props';
import { createReplicas } from './replicas';
import { MasterPasswordRotation } from './rotation/master-rotation';
import { validateRdsMysqlHa } from './validation';

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
    // Every resource is created at this construct's scope, under the id it has always had, so
    // that the resource families below leave every Terraform address unchanged.
    const settings = validateRdsMysqlHa(this.node.path, props);
    const ctx = rdsMysqlHaContext(this, props, settings);

    const kmsKey = createEncryptionKey(this, ctx);
    const keyArn = kmsKey.arn;
    const { subnetGroup, securityGroup, connections } = createNetwork(this, ctx);
    const { parameterGroup, optionGroup } = createEngineGroups(this, ctx);
    const monitoring = createMonitoring(this, ctx);
    const logs = instanceLogGroups(this, ctx, { keyArn });
    const shared = sharedInstanceSettings(ctx, { keyArn, subnetGroup, securityGroup, parameterGroup, optionGroup, monitoringRole: monitoring.role });
    const master = createMasterSecret(this, ctx, { keyArn });
    const primary = createPrimary(this, ctx, { shared, passwordRef: master.passwordRef, monitoringPolicy: monitoring.policyAttachment, logs });
    const masterPasswordRotation = createMasterRotation(this, ctx, { master, primary, keyArn });
    const replicas = createReplicas(this, ctx, { shared, primary, monitoringPolicy: monitoring.policyAttachment, logs });

    // ---- Outputs
    this.kmsKey = kmsKey;
    this.subnetGroup = subnetGroup;
    this.securityGroup = securityGroup;
    this.connections = connections;
    this.parameterGroup = parameterGroup;
    this.optionGroup = optionGroup;
    this.monitoringRole = monitoring.role;
    this.logGroups = logs.logGroups;
    this.masterSecret = master.masterSecret;
    this.primary = primary;
    this.masterPasswordRotation = masterPasswordRotation;
    this.replicas = replicas;
    this.dbInstanceIdentifier = this.primary.identifier;
    this.dbInstanceArn = this.primary.arn;
    this.dbInstanceEndpoint = this.primary.address;
    this.dbInstancePort = this.primary.port;
    this.replicaIdentifiers = this.replicas.map((r) => r.identifier);
    this.replicaEndpoints = this.replicas.map((r) => r.address);
    this.masterUserSecretArn = this.masterSecret.arn;
    this.iamDatabaseUserName = settings.iamDatabaseUserName;
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
