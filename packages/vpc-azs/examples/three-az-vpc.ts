import { AwsTarget } from '@phi-stack/aws-target';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { VpcAzs } from '../src';

export interface VpcAzsExampleProps {
  /** @default 'us-east-1' */
  readonly region?: string;
}

/**
 * A production-shaped VPC: three explicit AZs, a NAT gateway per AZ, flow logs kept a year and
 * every interface endpoint the construct offers.
 */
export class VpcAzsExample extends TerraformStack {
  public readonly vpc: VpcAzs;

  constructor(scope: Construct, id: string, props: VpcAzsExampleProps = {}) {
    super(scope, id);
    const region = props.region ?? 'us-east-1';
    new AwsTarget(this, 'target', { region }); // PHI_STACK_TARGET decides local|aws; default local
    this.vpc = new VpcAzs(this, 'vpc', {
      name: 'phi-example',
      cidrBlock: '10.40.0.0/16',
      availabilityZones: ['a', 'b', 'c'].map((suffix) => `${region}${suffix}`),
      interfaceEndpoints: ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'secretsmanager'],
      tags: { Example: 'vpc-azs' },
    });
    const v = this.vpc;
    new TerraformOutput(this, 'vpcId', { value: v.vpcId });
    new TerraformOutput(this, 'vpcCidrBlock', { value: v.vpcCidrBlock });
    new TerraformOutput(this, 'availabilityZones', { value: v.availabilityZones });
    new TerraformOutput(this, 'publicSubnetIds', { value: v.publicSubnetIds });
    new TerraformOutput(this, 'privateSubnetIds', { value: v.privateSubnetIds });
    new TerraformOutput(this, 'dataSubnetIds', { value: v.dataSubnetIds });
    new TerraformOutput(this, 'publicRouteTableIds', { value: v.publicRouteTableIds });
    new TerraformOutput(this, 'privateRouteTableIds', { value: v.privateRouteTableIds });
    new TerraformOutput(this, 'dataRouteTableIds', { value: v.dataRouteTableIds });
    new TerraformOutput(this, 'internetGatewayId', { value: v.internetGatewayId });
    new TerraformOutput(this, 'natGatewayIds', { value: v.natGatewayIds });
    new TerraformOutput(this, 's3GatewayEndpointId', { value: v.s3GatewayEndpointId });
    new TerraformOutput(this, 'interfaceEndpointIds', { value: v.interfaceEndpointIds });
    new TerraformOutput(this, 'flowLogId', { value: v.flowLogId });
    new TerraformOutput(this, 'flowLogGroupName', { value: v.flowLogGroupName });
    new TerraformOutput(this, 'kmsKeyArn', { value: v.kmsKey.arn });
  }
}
