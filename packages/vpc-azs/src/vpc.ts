// The VPC itself, its default security group locked down, and the internet gateway.
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { VpcAzsContext } from './context';

/** The VPC and its internet gateway. */
export interface VpcCore {
  readonly vpc: Vpc;
  readonly igw: InternetGateway;
}

/** The VPC of the VpcAzs at `scope`, with its default security group and internet gateway. */
export function createVpc(scope: Construct, ctx: VpcAzsContext): VpcCore {
  const { props, tags } = ctx;
  const { name } = ctx.settings;
  const vpc = new Vpc(scope, 'vpc', {
    cidrBlock: props.cidrBlock,
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: tags(name),
  });

  // Locks down the security group every VPC comes with: no ingress, no egress.
  new DefaultSecurityGroup(scope, 'default-sg', {
    vpcId: vpc.id,
    ingress: [],
    egress: [],
    tags: tags(`${name}-default-do-not-use`),
  });

  const igw = new InternetGateway(scope, 'igw', { vpcId: vpc.id, tags: tags(`${name}-igw`) });
  return { vpc, igw };
}
