import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AwsTarget } from '@phi-stack/aws-target';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RdsMysqlHa } from '../src';

export interface RdsMysqlHaExampleProps {
  /** @default 'us-east-1' */
  readonly region?: string;
}

/**
 * A Multi-AZ MySQL primary with two read replicas in a small two-AZ VPC, reachable from an app
 * security group. It is applied and destroyed by the emulator suite, hence the two opt-outs below.
 */
export class RdsMysqlHaExample extends TerraformStack {
  public readonly database: RdsMysqlHa;

  constructor(scope: Construct, id: string, props: RdsMysqlHaExampleProps = {}) {
    super(scope, id);
    const region = props.region ?? 'us-east-1';
    new AwsTarget(this, 'target', { region });

    // A bare network keeps the example self-contained: two data subnets in two AZs and the app
    // tier's security group.
    const vpc = new Vpc(this, 'vpc', { cidrBlock: '10.42.0.0/16', enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: 'rds-example' } });
    const subnets = ['a', 'b'].map(
      (az, i) =>
        new Subnet(this, `data-${az}`, {
          vpcId: vpc.id,
          cidrBlock: `10.42.${10 + i}.0/24`,
          availabilityZone: `${region}${az}`,
          tags: { Name: `rds-example-data-${az}` },
        }),
    );
    const app = new SecurityGroup(this, 'app', { name: 'rds-example-app', description: 'app tier of the example', vpcId: vpc.id });

    this.database = new RdsMysqlHa(this, 'database', {
      name: 'phi-example-db',
      vpcId: vpc.id,
      subnetIds: subnets.map((s) => s.id),
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
    new TerraformOutput(this, 'subnetIds', { value: subnets.map((s) => s.id) });
  }
}
