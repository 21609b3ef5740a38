// Where the cache lives and who reaches it: the subnet group, the security group with its ingress
// rules, the Connections of `allowFrom`, and the synth-time check that something may connect.
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Connections, createDataTierSecurityGroup } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RedisPhiContext } from './context';

export interface RedisPhiNetwork {
  readonly subnetGroup: ElasticacheSubnetGroup;
  readonly securityGroup: SecurityGroup;
  readonly connections: Connections;
}

/** The subnet group and security group of the RedisPhi at `scope`, and its peers. */
export function createNetwork(scope: Construct, ctx: RedisPhiContext): RedisPhiNetwork {
  const { props, name, tags, settings: v } = ctx;
  const subnetGroup = new ElasticacheSubnetGroup(scope, 'subnet-group', {
    name,
    description: `phi-stack ${name}: Redis data-tier subnets`,
    subnetIds: props.subnetIds,
    tags,
  });
  // Terraform removes the default allow-all egress rule of a new group: Redis opens no connections.
  const { securityGroup, connections } = createDataTierSecurityGroup(scope, {
    name: `${name}-redis`,
    description: `phi-stack ${name}: Redis from the allowed security groups only`,
    vpcId: props.vpcId,
    port: v.port,
    allowedSecurityGroupIds: props.allowedSecurityGroupIds,
    ingressDescription: 'Redis over TLS from an allowed security group',
    connectionsName: 'redis',
    tags,
    // Checked at synth, after every allowFrom call: a cache nothing may reach is a mistake.
    unreachableMessage: 'no security group may connect to the cache (allowedSecurityGroupIds is empty and allowFrom was never called): call cache.allowFrom(web) with the tier that uses the cache',
  });
  return { subnetGroup, securityGroup, connections };
}
