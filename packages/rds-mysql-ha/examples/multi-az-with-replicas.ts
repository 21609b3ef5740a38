import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { AwsTarget } from '@phi-stack/aws-target';
import { VpcAzs } from '@phi-stack/vpc-azs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RdsMysqlHa } from '../src';

export interface RdsMysqlHaExampleProps {
  /** @default 'us-east-1' */
  readonly region?: string;
}

/**
 * A Multi-AZ MySQL primary with two read replicas on the two-AZ VPC of vpc-azs, reachable from an app
 * security group. It is applied and destroyed by the emulator suite, hence the two opt-outs below.
 */
export class RdsMysqlHaExample extends TerraformStack {
  public readonly database: RdsMysqlHa;

  constructor(scope: Construct, id: string, props: RdsMysqlHaExampleProps = {}) {
    super(scope, id);
    const region = props.region ?? 'us-east-1';
    new AwsTarget(this, 'target', { region });

    // The platform's own network over two AZs; one NAT gateway, since the example holds no PHI.
    const vpc = new VpcAzs(this, 'vpc', {
      name: 'rds-example',
      cidrBlock: '10.42.0.0/16',
      availabilityZones: [`${region}a`, `${region}b`],
      natGateways: 'single',
      singleNatGatewayReason: 'example stack: cost over AZ resilience',
      tags: { Example: 'rds-mysql-ha' },
    });
    const app = new SecurityGroup(this, 'app', { name: 'rds-example-app', description: 'app tier of the example', vpcId: vpc.vpcId });

    this.database = new RdsMysqlHa(this, 'database', {
      name: 'phi-example-db',
      vpcId: vpc.vpcId,
      subnetIds: vpc.dataSubnetIds,
      // Known at synth: the nodes are placed without reading the subnets back.
      subnetAvailabilityZones: vpc.availabilityZones,
      allowedSecurityGroupIds: [app.id],
      instanceClass: 'db.t4g.medium',
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 100,
      readReplicaCount: 2,
      databaseName: 'patients',
      deletionProtection: false,
      deletionProtectionDisabledReason: 'ephemeral emulator example - destroyed by its test',
      skipFinalSnapshot: true,
      skipFinalSnapshotReason: 'ephemeral emulator example holds no data - a fixed final snapshot name would block the next run',
      tags: { Example: 'rds-mysql-ha' },
    });

    const db = this.database;
    new TerraformOutput(this, 'dbInstanceIdentifier', { value: db.dbInstanceIdentifier });
    new TerraformOutput(this, 'dbInstanceArn', { value: db.dbInstanceArn });
    new TerraformOutput(this, 'dbInstanceEndpoint', { value: db.dbInstanceEndpoint });
    new TerraformOutput(this, 'dbInstancePort', { value: db.dbInstancePort });
    new TerraformOutput(this, 'replicaIdentifiers', { value: db.replicaIdentifiers });
    new TerraformOutput(this, 'replicaEndpoints', { value: db.replicaEndpoints });
    new TerraformOutput(this, 'masterUserSecretArn', { value: db.masterUserSecretArn });
    new TerraformOutput(this, 'securityGroupId', { value: db.securityGroupId });
    new TerraformOutput(this, 'kmsKeyArn', { value: db.kmsKeyArn });
    new TerraformOutput(this, 'appSecurityGroupId', { value: app.id });
    new TerraformOutput(this, 'subnetIds', { value: vpc.dataSubnetIds });
  }
}
