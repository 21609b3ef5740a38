// Security groups of the ALB and the instances, and the rules between them: clients to the ALB
// on 443 and 80, the ALB to the app port, the instances to HTTPS.
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Connections } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { AlbAsgContext } from './context';

/** The security groups of the web tier. */
export interface SecurityGroups {
  readonly albSecurityGroup: SecurityGroup;
  readonly appSecurityGroup: SecurityGroup;
  /** The instances' security group as a peer; its egress rules are `app-out-<peer>` at `scope`. */
  readonly connections: Connections;
}

/** The ALB's and the instances' security groups at `scope`, with their rules. */
export function createSecurityGroups(scope: Construct, ctx: AlbAsgContext): SecurityGroups {
  const { props, tags } = ctx;
  const { name, appPort } = ctx.settings;
  const albSg = new SecurityGroup(scope, 'alb-sg', {
    name: `${name}-alb`,
    description: `ALB of ${name}: HTTPS and HTTP (redirect) in, app port to the instances out`,
    vpcId: props.vpcId,
    tags: tags(`${name}-alb`),
  });
  const appSg = new SecurityGroup(scope, 'app-sg', {
    name: `${name}-app`,
    description: `Instances of ${name}: app port from the ALB only`,
    vpcId: props.vpcId,
    tags: tags(`${name}-app`),
  });
  (props.albIngressCidrBlocks ?? ['0.0.0.0/0']).forEach((cidr, i) => {
    for (const port of [443, 80]) {
      new VpcSecurityGroupIngressRule(scope, `alb-in-${port}-${i}`, {
        securityGroupId: albSg.id,
        description: port === 443 ? 'HTTPS from clients' : 'HTTP from clients (redirected to HTTPS)',
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: cidr,
      });
    }
  });
  new VpcSecurityGroupEgressRule(scope, 'alb-out-app', {
    securityGroupId: albSg.id,
    description: 'App port and health checks to the instances',
    ipProtocol: 'tcp',
    fromPort: appPort,
    toPort: appPort,
    referencedSecurityGroupId: appSg.id,
  });
  new VpcSecurityGroupIngressRule(scope, 'app-in-alb', {
    securityGroupId: appSg.id,
    description: 'App port from the ALB only',
    ipProtocol: 'tcp',
    fromPort: appPort,
    toPort: appPort,
    referencedSecurityGroupId: albSg.id,
  });
  new VpcSecurityGroupEgressRule(scope, 'app-out-https', {
    securityGroupId: appSg.id,
    description: 'HTTPS to AWS APIs (through endpoints or NAT) and package repositories',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIpv4: '0.0.0.0/0',
  });
  const connections = new Connections({ scope, securityGroupId: appSg.id, name: 'app', defaultPort: appPort, egressIdPrefix: 'app-out' });
  return { albSecurityGroup: albSg, appSecurityGroup: appSg, connections };
}
