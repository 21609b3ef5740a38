import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AwsTarget } from '@phi-stack/aws-target';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RedisPhi } from '../src';

export interface RedisPhiExampleProps {
  /** @default 'us-east-1' */
  readonly region?: string;
}

/**
 * A session and PHI cache: a primary and two replicas over two AZs on a non-default port, in a
 * small two-AZ VPC, reachable from an app security group. Applied and destroyed by the emulator suite.
 */
export class RedisPhiExample extends TerraformStack {
  public readonly cache: RedisPhi;

  constructor(scope: Construct, id: string, props: RedisPhiExampleProps = {}) {
    super(scope, id);
    const region = props.region ?? 'us-east-1';
    new AwsTarget(this, 'target', { region });

    // A bare network keeps the example self-contained: two data subnets in two AZs and the app
    // tier's security group.
    const vpc = new Vpc(this, 'vpc', { cidrBlock: '10.43.0.0/16', enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: 'redis-example' } });
    const subnets = ['a', 'b'].map(
      (az, i) =>
        new Subnet(this, `data-${az}`, {
          vpcId: vpc.id,
          cidrBlock: `10.43.${10 + i}.0/24`,
          availabilityZone: `${region}${az}`,
          tags: { Name: `redis-example-data-${az}` },
        }),
    );
    const app = new SecurityGroup(this, 'app', { name: 'redis-example-app', description: 'app tier of the example', vpcId: vpc.id });

    this.cache = new RedisPhi(this, 'cache', {
      name: 'phi-example-sessions',
      vpcId: vpc.id,
      subnetIds: subnets.map((s) => s.id),
      allowedSecurityGroupIds: [app.id],
      nodeType: 'cache.t4g.medium',
      port: 6380,
      replicasPerNodeGroup: 2,
      parameters: { 'maxmemory-policy': 'volatile-lru' },
      tags: { Example: 'redis-phi' },
    });

    const cache = this.cache;
    new TerraformOutput(this, 'replicationGroupId', { value: cache.replicationGroupId });
    new TerraformOutput(this, 'replicationGroupArn', { value: cache.replicationGroupArn });
    new TerraformOutput(this, 'primaryEndpointAddress', { value: cache.primaryEndpointAddress });
    new TerraformOutput(this, 'readerEndpointAddress', { value: cache.readerEndpointAddress });
    new TerraformOutput(this, 'port', { value: cache.port });
    new TerraformOutput(this, 'appUserId', { value: cache.appUserId });
    new TerraformOutput(this, 'appUserArn', { value: cache.appUserArn });
    new TerraformOutput(this, 'securityGroupId', { value: cache.securityGroupId });
    new TerraformOutput(this, 'kmsKeyArn', { value: cache.kmsKeyArn });
    new TerraformOutput(this, 'appSecurityGroupId', { value: app.id });
  }
}
