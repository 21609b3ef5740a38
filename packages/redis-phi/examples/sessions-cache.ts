import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { AwsTarget } from '@phi-stack/aws-target';
import { VpcAzs } from '@phi-stack/vpc-azs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RedisPhi } from '../src';

export interface RedisPhiExampleProps {
  /** @default 'us-east-1' */
  readonly region?: string;
}

/**
 * A session and PHI cache: a primary and two replicas over two AZs on a non-default port, on the
 * two-AZ VPC of vpc-azs, reachable from an app security group. Applied and destroyed by the emulator suite.
 */
export class RedisPhiExample extends TerraformStack {
  public readonly cache: RedisPhi;

  constructor(scope: Construct, id: string, props: RedisPhiExampleProps = {}) {
    super(scope, id);
    const region = props.region ?? 'us-east-1';
    new AwsTarget(this, 'target', { region });

    // The platform's own network over two AZs; one NAT gateway, since the example holds no PHI.
    const vpc = new VpcAzs(this, 'vpc', {
      name: 'redis-example',
      cidrBlock: '10.43.0.0/16',
      availabilityZones: [`${region}a`, `${region}b`],
      natGateways: 'single',
      singleNatGatewayReason: 'example stack: cost over AZ resilience',
      tags: { Example: 'redis-phi' },
    });
    const app = new SecurityGroup(this, 'app', { name: 'redis-example-app', description: 'app tier of the example', vpcId: vpc.vpcId });

    this.cache = new RedisPhi(this, 'cache', {
      name: 'phi-example-sessions',
      vpcId: vpc.vpcId,
      subnetIds: vpc.dataSubnetIds,
      // Known at synth: the nodes are placed without reading the subnets back.
      subnetAvailabilityZones: vpc.availabilityZones,
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
    new TerraformOutput(this, 'replicationGroupPrimaryEndpointAddress', { value: cache.replicationGroupPrimaryEndpointAddress });
    new TerraformOutput(this, 'replicationGroupReaderEndpointAddress', { value: cache.replicationGroupReaderEndpointAddress });
    new TerraformOutput(this, 'replicationGroupPort', { value: cache.replicationGroupPort });
    new TerraformOutput(this, 'appUserId', { value: cache.appUserId });
    new TerraformOutput(this, 'appUserArn', { value: cache.appUserArn });
    new TerraformOutput(this, 'securityGroupId', { value: cache.securityGroupId });
    new TerraformOutput(this, 'kmsKeyArn', { value: cache.kmsKeyArn });
    new TerraformOutput(this, 'appSecurityGroupId', { value: app.id });
  }
}
