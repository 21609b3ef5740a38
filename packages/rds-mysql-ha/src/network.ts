// The network of the database: the DB subnet group over the data subnets, and the security group
// with MySQL ingress from the allowed groups only (plus those `allowFrom` adds).
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Connections, createDataTierSecurityGroup } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RdsMysqlHaContext } from './context';

/** The network resources of the database. */
export interface Network {
  readonly subnetGroup: DbSubnetGroup;
  readonly securityGroup: SecurityGroup;
  /** The security group as a peer; its ingress rules are `ingress-<n>` at `scope`. */
  readonly connections: Connections;
}

/** The subnet group and the security group of the RdsMysqlHa at `scope`, with its ingress rules. */
export function createNetwork(scope: Construct, ctx: RdsMysqlHaContext): Network {
  const { props, settings, name, tags } = ctx;
  // Network: the data subnets, and 3306 (or `port`) from the given groups only. Terraform removes
  // the default allow-all egress rule of a new group; a database opens no connections.
  const subnetGroup = new DbSubnetGroup(scope, 'subnet-group', {
    name,
    description: `phi-stack ${name}: MySQL data-tier subnets`,
    subnetIds: props.subnetIds,
    tags,
  });
  const { securityGroup, connections } = createDataTierSecurityGroup(scope, {
    name: `${name}-mysql`,
    description: `phi-stack ${name}: MySQL from the allowed security groups only`,
    vpcId: props.vpcId,
    port: settings.port,
    allowedSecurityGroupIds: props.allowedSecurityGroupIds,
    ingressDescription: 'MySQL over TLS from an allowed security group',
    connectionsName: 'mysql',
    tags,
    // Checked at synth, after every allowFrom call: a database nothing may reach is a mistake.
    unreachableMessage: 'no security group may connect to the database (allowedSecurityGroupIds is empty and allowFrom was never called): call database.allowFrom(web) with the tier that queries the database',
  });
  return { subnetGroup, securityGroup, connections };
}
